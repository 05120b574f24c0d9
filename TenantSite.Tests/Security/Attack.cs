using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TenantSite.Tests.Security;

/// <summary>
/// One hostile request: which corpus entry, where it went, what was sent. <see cref="MustRefuse"/>: only a 4xx is right
/// (a forged token, a malformed id); otherwise any answer but a 5xx is, a 4xx with a message.
/// </summary>
public sealed record Attack(HostileInput Input, string Target, RawSession Session, RawRequest Request, string Payload, bool MustRefuse,
    Func<string, bool>? SendCookie = null)
{
    private static readonly HtmlParser Parser = new();
    private static readonly char[] HtmlSpecial = ['<', '>', '"', '\''];

    public override string ToString() => $"{Input} as {Target} ({Session.Name}): {Request}";

    /// <summary>
    /// Sends every attack, several at a time, and returns what went wrong (nothing, when all is well): the checks of
    /// <see cref="Problems"/> and those of <paramref name="check"/>.
    /// </summary>
    public static async Task<List<string>> RunAsync(IReadOnlyList<Attack> attacks, Func<Attack, RawResponse, IEnumerable<string>>? check = null)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(attacks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (attack, _) =>
            {
                try
                {
                    var response = await attack.Session.SendAsync(attack.Request, sendCookie: attack.SendCookie);
                    foreach (var problem in attack.Problems(response).Concat(check?.Invoke(attack, response) ?? []))
                        problems.Add($"{attack}\n    -> {problem}");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    problems.Add($"{attack}\n    -> threw {e.GetType().Name}: {e.Message}");
                }
            });
        TestContext.Current.TestOutputHelper?.WriteLine($"{attacks.Count} hostile requests in {started.Elapsed.TotalSeconds:F1} s");
        return [.. problems.Order(StringComparer.Ordinal)];
    }

    /// <summary>Fails with the first problems and how many there were.</summary>
    public static void AssertNone(IReadOnlyList<string> problems, int attacks) =>
        Assert.True(problems.Count == 0, $"{problems.Count} of {attacks} hostile requests were answered wrongly:\n" +
            string.Join("\n", problems.Take(25)) + (problems.Count > 25 ? "\n…" : ""));

    /// <summary>What is wrong with the answer: a 5xx, a hostile request not refused, a 4xx without a message, the payload
    /// in the page unencoded, a redirect off the app's hosts.</summary>
    public IEnumerable<string> Problems(RawResponse response)
    {
        if (response.Status >= 500) yield return $"{response.Status}: {MessageOf(response.Body) ?? Shorten(response.Body)}";
        else if (MustRefuse && response.Status is < 400 or >= 500) yield return $"not refused: {response.Status}";
        if (response.Status is >= 400 and < 500 && MessageOf(response.Body) is not { } message)
            yield return $"{response.Status} without a message: {Shorten(response.Body)}";
        if (Payload.Trim().Length >= 4 && Payload.IndexOfAny(HtmlSpecial) >= 0 && response.Body.Contains(Payload, StringComparison.Ordinal))
            yield return "the payload is in the answer unencoded";
        foreach (var header in new[] { "Location", "HX-Redirect" })
        {
            var target = response.Headers[header].ToString();
            if (target.Length > 0 && !StaysInTheApp(target)) yield return $"{header} leaves the app: {target}";
        }
    }

    /// <summary>The message an error answer shows: an alert or field error, or the error page's text.</summary>
    public static string? MessageOf(string body)
    {
        IParentNode document = body.TrimStart().StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)
            ? Parser.ParseDocument(body)
            : ((IHtmlTemplateElement)Parser.ParseDocument($"<body><template>{body}</template></body>").Body!.FirstElementChild!).Content;
        var message = document.QuerySelectorAll("[role=alert], .field-error").Select(e => e.TextContent.Trim()).FirstOrDefault(t => t.Length > 0)
            ?? (document.QuerySelector("main h1") is { } title && title.TextContent.Trim().Length > 0 ? document.QuerySelector("main p")?.TextContent.Trim() : null);
        return message is { Length: > 0 } && message.Any(char.IsLetter) ? message : null;
    }

    // Relative to the same host, another host of the app, or the identity provider (sign-in).
    private static bool StaysInTheApp(string target)
    {
        if (target.StartsWith('/')) return !target.StartsWith("//", StringComparison.Ordinal) && !target.StartsWith(@"/\", StringComparison.Ordinal);
        return Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" &&
            (uri.Host == "localhost" || uri.Host.EndsWith(".localhost", StringComparison.Ordinal) || uri.Host == "127.0.0.1");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
