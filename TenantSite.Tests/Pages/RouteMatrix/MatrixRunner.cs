using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// Sends the matrix's requests concurrently and checks each answer: its status (or redirect) and that no other tenant's
/// name appears in its body or in where it redirects. Each actor has a client per host, with the antiforgery token a
/// page of that host gave it (the cookie is per host), sent the way a form does or the way htmx does.
/// </summary>
public sealed partial class MatrixRunner(RouteMatrixFactory app)
{
    private readonly ConcurrentDictionary<(Actor, string Host), Lazy<Task<(HttpClient Client, string Token)>>> _sessions = new();

    /// <summary>Every mismatch, one line each (empty: the app answered the whole matrix as classified).</summary>
    public async Task<IReadOnlyList<string>> RunAsync(IReadOnlyList<MatrixCase> cases, NameBook names)
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (@case, ct) =>
        {
            var (url, response) = await SendAsync(@case, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (@case.Expected.Mismatch(response) is { } mismatch) failures.Add($"{@case}: {mismatch}");
            if (LiveStreamMismatch(@case, response, body) is { } stream) failures.Add($"{@case}: {stream}");
            var leaks = names.Leaks(@case.Actor, url, WithoutRandomTokens(body) + "\n" + Expectation.Target(response)).ToArray();
            if (leaks.Length > 0) failures.Add($"{@case}: the answer names another tenant's {string.Join(", ", leaks.Select(l => $"\"{l}\""))}");
        });
        return failures.Order(StringComparer.Ordinal).ToArray();
    }

    // A page's live stream (its Live handler) answers a served request with Server-Sent Events, read here to its end
    // (the factory ends streams after half a second): nothing but comments, the retry hint and bare event names.
    private static string? LiveStreamMismatch(MatrixCase @case, HttpResponseMessage response, string body)
    {
        var stream = response.Content.Headers.ContentType?.MediaType == "text/event-stream";
        if (@case.Route.Handler == "Live" && response.StatusCode == System.Net.HttpStatusCode.OK && !stream)
            return $"a live stream answered {response.Content.Headers.ContentType} instead of text/event-stream";
        if (!stream) return null;
        if (@case.Route.Handler != "Live") return "an event stream from a route that is no live stream";
        var stray = body.Split('\n').FirstOrDefault(line => !LiveStreamLine().IsMatch(line));
        return stray is null ? null : $"the live stream carried \"{stray}\"";
    }

    private async Task<(string Url, HttpResponseMessage Response)> SendAsync(MatrixCase @case, CancellationToken ct)
    {
        var (host, prefix) = @case.Place switch
        {
            Place.TenantHost => ($"{app.World.Alpha.Slug}.localhost", ""),
            Place.TenantPath => ("localhost", $"/org/{app.World.Alpha.Slug}"),
            _ => ("localhost", ""),
        };
        var (client, token) = await _sessions.GetOrAdd((@case.Actor, host), key => new(() => OpenAsync(key.Item1, key.Item2))).Value;
        var url = $"http://{host}{prefix}{@case.Route.Url(@case.Values)}";
        var request = new HttpRequestMessage(new HttpMethod(@case.Route.Method), url);
        if (@case.Htmx) request.Headers.Add("HX-Request", "true");
        if (@case.Route.IsApi)
        {
            // JSON, and for a session's write the token in the header, as the app's own script sends it.
            if (@case.Route.IsWrite) request.Headers.Add("RequestVerificationToken", token);
            if (RouteClassification.ApiBodies.TryGetValue(@case.Route.Key, out var json))
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        else if (@case.Route.IsWrite)
        {
            // An empty form: only the token, where site.js (htmx) or the form (plain) puts it.
            if (@case.Htmx) request.Headers.Add("RequestVerificationToken", token);
            request.Content = new FormUrlEncodedContent(@case.Htmx ? [] : [new("__RequestVerificationToken", token)]);
        }
        return (url, await client.SendAsync(request, ct));
    }

    private async Task<(HttpClient, string)> OpenAsync(Actor actor, string host)
    {
        var client = app.CreateDefaultClient(new CookieContainerHandler(), ApiContract.Handler());
        if (actor.UserId is { } user) client.DefaultRequestHeaders.Add(TestAuthHandler.Header, user.ToString());
        if (actor.ApiKey is { } key) client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        // Any page of the host carries the token in the layout; the error page is one every actor may see.
        var html = await (await client.GetAsync($"http://{host}/errors/404", Ct)).Content.ReadAsStringAsync(Ct);
        var token = TokenMeta().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"No antiforgery token on http://{host}/errors/404 for {actor}.");
        return (client, token);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Antiforgery tokens (data protection's payloads start with CfDJ8) and asset versions are random base64url text, in
    // which a short slug such as "acme" turns up now and then by chance: that is no leak.
    private static string WithoutRandomTokens(string body) => RandomToken().Replace(body, "…");

    [GeneratedRegex("CfDJ8[A-Za-z0-9_-]+|\\?v=[A-Za-z0-9_-]+")]
    private static partial Regex RandomToken();

    [GeneratedRegex("^(|:.*|retry: [0-9]+|(event|data): (projects|tasks|end))$")]
    private static partial Regex LiveStreamLine();

    [GeneratedRegex("""<meta name="request-verification-token" content="([^"]+)" />""")]
    private static partial Regex TokenMeta();
}
