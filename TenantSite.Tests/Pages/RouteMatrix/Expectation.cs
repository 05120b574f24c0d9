using System.Net;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>What a response must look like; <see cref="Mismatch"/> says how one differs.</summary>
public abstract record Expectation
{
    /// <summary>Exactly this status (404 for a non-member, as for a missing organization; 403 for a missing permission).</summary>
    public static Expectation Status(HttpStatusCode code) => new StatusIs(code);

    /// <summary>Off to sign-in, with a way back.</summary>
    public static readonly Expectation SignIn = new RedirectTo("/signin?returnUrl=");

    /// <summary>A redirect to a URL starting with <paramref name="prefix"/>.</summary>
    public static Expectation Redirect(string prefix) => new RedirectTo(prefix);

    /// <summary>
    /// The handler ran and answered: a page, a fragment, a redirect after a change (not to sign-in) or 422 for the empty
    /// form the matrix sends. Never 400 (the antiforgery token was good), 403, 404 or 5xx.
    /// </summary>
    public static readonly Expectation Served = new HandlerAnswered();

    /// <summary>Null when <paramref name="response"/> meets the expectation, else what is wrong with it.</summary>
    public abstract string? Mismatch(HttpResponseMessage response);

    /// <summary>Where a response sends the browser: a plain redirect, or htmx's HX-Redirect (see UseHtmxRedirects).</summary>
    public static string? Target(HttpResponseMessage response) =>
        response.Headers.Location?.OriginalString
        ?? (response.Headers.TryGetValues("HX-Redirect", out var values) ? values.Single() : null);

    private static bool IsRedirect(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 300 and < 400 || response.StatusCode == HttpStatusCode.NoContent && Target(response) is not null;

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode}{(Target(response) is { } target ? " → " + target : "")}";

    private sealed record StatusIs(HttpStatusCode Code) : Expectation
    {
        public override string? Mismatch(HttpResponseMessage response) =>
            response.StatusCode == Code ? null : $"expected {(int)Code}, got {Describe(response)}";
    }

    private sealed record RedirectTo(string Prefix) : Expectation
    {
        public override string? Mismatch(HttpResponseMessage response) =>
            IsRedirect(response) && Target(response)!.StartsWith(Prefix, StringComparison.Ordinal)
                ? null
                : $"expected a redirect to {Prefix}…, got {Describe(response)}";
    }

    private sealed record HandlerAnswered : Expectation
    {
        public override string? Mismatch(HttpResponseMessage response) =>
            (int)response.StatusCode is >= 200 and < 400 or 422 && !(Target(response)?.StartsWith("/signin", StringComparison.Ordinal) ?? false)
                ? null
                : $"expected the handler to answer (2xx, 3xx or 422), got {Describe(response)}";
    }
}
