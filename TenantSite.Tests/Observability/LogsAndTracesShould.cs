using System.Diagnostics;
using System.Net;
using TenantSite.Auth;
using TenantSite.Data.Entities;
using TenantSite.Tests.Api;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Observability;

/// <summary>
/// The credentials that travel in a request's path or headers — an invitation link's token, an API key — reach no log
/// line (any category, any level, its values, scopes and exception) and no activity (names, tags, events) of any source,
/// with everything recorded (<see cref="EverythingRecordedApp"/>).
/// </summary>
public sealed class LogsAndTracesShould(EverythingRecordedApp app) : IClassFixture<EverythingRecordedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NeverHoldTheTokenOfAnOpenedJoinLink()
    {
        var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, app.Demo.Acme, "joiner@example.com",
            Roles.Member, app.Demo.Alice);
        var path = $"/join/acme/{token}";

        var signedOut = await TracedAsync(app.ClientFor("localhost"), path);
        var upperCased = await TracedAsync(app.ClientFor("localhost"), path.ToUpperInvariant());
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Carol), path);
        var accepted = await page.PostFormAsync("Accept");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Redirect], [signedOut, upperCased, accepted.StatusCode]);
        AssertRecordedNowhere(token, StringComparison.OrdinalIgnoreCase, "/join/acme/{token}");
    }

    [Fact]
    public async Task NeverHoldAnApiKeyWhereverTheRequestPutsIt()
    {
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Member);
        var (unknown, _, _) = ApiKeySecret.Create();

        var statuses = new List<HttpStatusCode>
        {
            await TracedAsync(app.KeyClient("acme.localhost", key), "/api/v1/projects"),
            await TracedAsync(app.KeyClient("acme.localhost", unknown), "/api/v1/projects"),
            await TracedAsync(app.ClientFor("acme.localhost"), $"/api/v1/projects?api_key={key}&cursor={key}"),
            await TracedAsync(app.ClientFor("acme.localhost"), $"/api/v1/projects/{key}"),
            await TracedAsync(app.ClientFor("localhost"), $"/org/acme/api/v1/projects/{key}/tasks"),
        };

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, statuses[1]);
        Assert.All(statuses.Skip(2), s => Assert.True((int)s is >= 400 and < 500, $"{s}"));
        // The secret is the part after the public prefix, which is shown and recorded on purpose.
        foreach (var secret in new[] { key, unknown }) AssertRecordedNowhere(secret[(ApiKeySecret.PrefixLength + 1)..], StringComparison.Ordinal, null);
    }

    // A request with a trace id of the test's own; its server span (the last to end) has ended when this returns.
    private async Task<HttpStatusCode> TracedAsync(HttpClient client, string path)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await client.SendAsync(request, Ct);
        for (var waited = 0; !app.Activities.Any(a => a.TraceId == trace && a.Kind == ActivityKind.Server) && waited < 5000; waited += 50)
            await Task.Delay(50, Ct);
        Assert.Contains(app.Activities, a => a.TraceId == trace && a.Kind == ActivityKind.Server);
        return response.StatusCode;
    }

    private void AssertRecordedNowhere(string secret, StringComparison comparison, string? redactedPath)
    {
        // The capture really ran at every level and the requests were traced, or this would prove nothing.
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Trace);
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Debug && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        if (redactedPath is not null)
        {
            Assert.Contains(app.Logs.Entries, e => e.Scope("RequestPath") == redactedPath);
            Assert.Contains(app.Activities, a => a.Kind == ActivityKind.Server && a.GetTagItem("url.path") as string == redactedPath);
        }

        var inLogs = app.Logs.Entries.Where(e => e.AllText.Contains(secret, comparison))
            .Select(e => $"log {e.Level} {e.Category}: {e.Message}").Distinct().ToList();
        var inTraces = app.Activities.SelectMany(a => EverythingRecordedApp.Texts(a).Where(t => t.Contains(secret, comparison))
            .Select(t => $"span {a.Source.Name} {a.DisplayName}: {t}")).Distinct().ToList();
        Assert.True(inLogs.Count + inTraces.Count == 0,
            $"{inLogs.Count} log entries and {inTraces.Count} span texts hold the secret:\n" + string.Join("\n", inLogs.Concat(inTraces).Take(30)));
    }
}
