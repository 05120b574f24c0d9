using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// What Chromium reports about the app's security headers while a test drives a page: every Content-Security-Policy
/// violation (inline script or style, eval, a blocked load, a form submission or the redirect after one) and every
/// complaint about Permissions-Policy or Cross-Origin-Opener-Policy. Chromium writes them to the console as errors,
/// with JavaScript off too. The provider's pages have their own policy and are not counted.
/// </summary>
public static class PolicyViolations
{
    private static readonly string[] Markers = ["Content Security Policy", "Permissions-Policy", "permissions policy", "Cross-Origin-Opener-Policy"];
    private static readonly ConditionalWeakTable<IPage, ConcurrentQueue<string>> Seen = new();

    /// <summary>Starts recording the violations of <paramref name="page"/>, except on <paramref name="providerOrigin"/>.</summary>
    public static void Watch(IPage page, string providerOrigin)
    {
        var seen = Seen.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Location.StartsWith(providerOrigin, StringComparison.Ordinal)) return;
            if (Markers.Any(m => message.Text.Contains(m, StringComparison.Ordinal))) seen.Enqueue($"{message.Location}: {message.Text}");
        };
    }

    /// <summary>The violations recorded so far on <paramref name="page"/>.</summary>
    public static IReadOnlyCollection<string> Of(IPage page) => Seen.TryGetValue(page, out var seen) ? seen.ToArray() : [];

    /// <summary>Every violation recorded on <paramref name="page"/>, in full, or null when there is none.</summary>
    public static string? Describe(IPage page) =>
        Of(page) is { Count: > 0 } violations ? $"{violations.Count} security policy violation(s):\n{string.Join("\n", violations)}" : null;

    /// <summary>Fails with every violation recorded on <paramref name="page"/>.</summary>
    public static void AssertNone(IPage page) => Assert.True(Describe(page) is null, Describe(page));
}
