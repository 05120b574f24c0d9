using System.Diagnostics;
using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TenantSite.Observability;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Observability;

/// <summary>OpenTelemetry with an OTLP endpoint configured, read through an in-process exporter.</summary>
public sealed class TelemetryShould(TelemetryAppFactory app) : IClassFixture<TelemetryAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Whatever the membership cache holds (a warm page makes one round-trip, a cold one two), every database command of
    // the page is a child of its server span and says it is PostgreSQL's.
    [Fact]
    public async Task TraceATenantPageWithItsDatabaseCommandsAsChildrenAndTheTenant()
    {
        var trace = await GetTracedAsync("/");

        var page = await SpanAsync(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("acme", page.GetTagItem(Telemetry.TenantTag));
        Assert.Equal(app.Demo.Acme.ToString(), page.GetTagItem(Telemetry.TenantIdTag));
        var commands = await DatabaseSpansAsync(trace, page);
        Assert.NotEmpty(commands);
        Assert.DoesNotContain(app.Spans.Where(s => s.TraceId == trace).SelectMany(s => s.TagObjects),
            tag => tag.Value?.ToString()?.Contains(app.RuntimePassword, StringComparison.Ordinal) == true);
    }

    // A user nobody has served yet starts from a cold membership cache on purpose: the membership check is traced too.
    [Fact]
    public async Task TraceTheMembershipCheckOfAUserNotYetCached()
    {
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, $"traced-{Guid.NewGuid():N}");
        await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString,
            "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member') RETURNING user_id", app.Demo.Acme, user);

        var trace = await GetTracedAsync("/", user: user);

        var page = await SpanAsync(trace, s => s.Kind == ActivityKind.Server);
        var commands = await DatabaseSpansAsync(trace, page);
        Assert.True(commands.Count >= 2, $"{commands.Count} database span(s): the membership check and the page's query");
        Assert.Contains(commands, c => (c.GetTagItem("db.query.text") ?? c.GetTagItem("db.statement"))?.ToString()?
            .Contains("organization_members", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task RecordAnInvitationLinksPathWithoutItsToken()
    {
        var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, app.Demo.Acme, "traced@example.com",
            "member", app.Demo.Alice);

        var trace = await GetTracedAsync($"/join/acme/{token}", host: "localhost");

        var page = await SpanAsync(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/join/acme/{token}", page.GetTagItem("url.path"));
        Assert.DoesNotContain(app.Spans.Where(s => s.TraceId == trace).SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString()).Append(s.DisplayName)),
            value => value?.Contains(token, StringComparison.OrdinalIgnoreCase) == true);
    }

    [Theory]
    [InlineData("/join/acme/abc", "/join/acme/{token}")]
    [InlineData("/JOIN/acme/abc/more", "/JOIN/acme/{token}/more")]
    [InlineData("/org/acme/join/acme/abc", "/org/acme/join/acme/{token}")]
    [InlineData("/join/acme/", null)]
    [InlineData("/join/acme", null)]
    [InlineData("/projects/1", null)]
    [InlineData("/api/v1/projects/ts_abcdefghijkl_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG-_", "/api/v1/projects/ts_abcdefghijkl_{secret}")]
    [InlineData("/api/v1/projects/ts_abcdefghijkl", null)] // a prefix alone is public
    [InlineData("/api/v1/posts_abcdefghijkl_secret", null)]
    public void RedactOnlyPathsThatHoldACredential(string path, string? recorded) => Assert.Equal(recorded, Telemetry.RedactedPath(path));

    [Fact]
    public async Task LeaveTheTenantOffRequestsWithoutOne()
    {
        var trace = await GetTracedAsync("/", host: "localhost");

        var page = await SpanAsync(trace, s => s.Kind == ActivityKind.Server);
        Assert.Null(page.GetTagItem(Telemetry.TenantTag));
    }

    [Fact]
    public async Task CountRequestsPerTenantInTheRequestDurationMetric()
    {
        await GetTracedAsync("/members");
        await GetTracedAsync("/", host: "localhost");

        app.Services.GetRequiredService<MeterProvider>().ForceFlush();
        var points = app.Metrics.Where(m => m.Name == "http.server.request.duration").SelectMany(m => m.MetricPoints).ToList();
        var tenants = points.Select(p => Tags(p).GetValueOrDefault(Telemetry.TenantTag)).ToList();
        Assert.Contains("acme", tenants);
        Assert.Contains(null, tenants); // the root domain's landing page
        Assert.All(points.Where(p => Tags(p).ContainsKey(Telemetry.TenantTag)),
            p => Assert.Equal(app.Demo.Acme.ToString(), Tags(p)[Telemetry.TenantIdTag]));
    }

    // A request (as alice unless another user is given) with a trace id of the test's own, so its spans are told from
    // other test apps' in this process.
    private async Task<ActivityTraceId> GetTracedAsync(string path, string host = "acme.localhost", Guid? user = null)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await app.ClientFor(host, user ?? app.Demo.Alice).SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return trace;
    }

    // The server span ends just after the response is handed over: wait for it briefly.
    private async Task<Activity> SpanAsync(ActivityTraceId trace, Func<Activity, bool> match)
    {
        for (var waited = 0; waited < 5000; waited += 50)
        {
            if (app.Spans.FirstOrDefault(s => s.TraceId == trace && match(s)) is { } span) return span;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"No such span in trace {trace}: " +
            string.Join(", ", app.Spans.Where(s => s.TraceId == trace).Select(s => $"{s.Source.Name} {s.DisplayName}")));
    }

    // The page's database spans, each checked to be the page span's child and PostgreSQL's.
    private async Task<List<Activity>> DatabaseSpansAsync(ActivityTraceId trace, Activity page)
    {
        await SpanAsync(trace, s => s.Source.Name == "Npgsql" && s.ParentSpanId == page.SpanId);
        var commands = app.Spans.Where(s => s.TraceId == trace && s.Source.Name == "Npgsql").ToList();
        Assert.All(commands, c => Assert.Equal(page.SpanId, c.ParentSpanId));
        Assert.All(commands, c => Assert.Equal("postgresql", c.GetTagItem("db.system")?.ToString() ?? c.GetTagItem("db.system.name")?.ToString()));
        return commands;
    }

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>();
        foreach (var tag in point.Tags) tags[tag.Key] = tag.Value?.ToString();
        return tags;
    }
}
