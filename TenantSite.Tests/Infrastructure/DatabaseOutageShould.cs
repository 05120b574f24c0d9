using System.Diagnostics;
using System.Net;
using TenantSite.Tests.Infrastructure.Outage;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// PostgreSQL restarted under a two-tenant write load (projects on each tenant's dashboard, new organizations through
/// onboarding, plain forms and htmx alike). During the outage every answer is a 503 page or fragment with Retry-After,
/// never a stack trace; the app recovers by itself; every write that was acknowledged is in the database, and none is
/// half there.
/// </summary>
public sealed class DatabaseOutageShould(PrivateClusterApp fixture) : IClassFixture<PrivateClusterApp>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AnswerWith503WhileDownThenRecoverKeepingEveryAcknowledgedWriteWhole()
    {
        var app = fixture.App;
        var clock = Stopwatch.StartNew();
        var load = new WriteLoad(app, clock);
        var tenants = new[] { await load.TenantAsync("acme", app.Demo.Alice), await load.TenantAsync("globex", app.Demo.Carol) };
        using var stop = new CancellationTokenSource();
        var workers = tenants.SelectMany(t => new[] { load.ProjectsAsync(t, stop.Token), load.OrganizationsAsync(t, stop.Token) }).ToArray();

        TimeSpan up;
        try
        {
            // The database goes once every worker has had a write acknowledged: the load is under way, the caches warm.
            await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(tenants.All(t =>
                    load.Attempts.Where(a => a.Tenant == t.Slug && a.Succeeded).Select(a => a.Kind).Distinct().Count() == 2)),
                "every worker's first write acknowledged");
            await fixture.Cluster.StopAsync();
            var outage = Task.Delay(Outage, TestContext.Current.CancellationToken);
            await AssertAColdTenantGets503Async(app);
            await outage;
            await fixture.Cluster.StartAgainAsync();
            up = clock.Elapsed;
            // Load on until both tenants have written for a second since the restart (or the recovery limit is long past).
            while (clock.Elapsed < up + RecoveryLimit * 2 &&
                   !tenants.All(t => load.Attempts.Any(a => a.Tenant == t.Slug && a.Succeeded && a.Started > up + TimeSpan.FromSeconds(1))))
                await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(workers);
        }

        var attempts = load.Attempts.OrderBy(a => a.Started).ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{attempts.Length} attempts, {attempts.Count(a => a.Succeeded)} acknowledged, {attempts.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} answered 503");
        Assert.Empty(attempts.Where(a => !a.Succeeded && a.Status != HttpStatusCode.ServiceUnavailable).Select(a => a.ToString()));
        AssertFriendly503s(attempts);
        AssertRecovered(attempts, tenants, up);
        await new WrittenRows(app.AdminConnectionString).AssertWholeAsync(attempts);
    }

    // A tenant not in the cache yet: resolving it is what fails, and the error page must not try it again.
    private static async Task AssertAColdTenantGets503Async(TenantSiteFactory app)
    {
        var response = await app.ClientFor($"{TestOrganizations.NewSlug("cold")}.localhost", app.Demo.Alice).GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("<h1>Temporarily unavailable</h1>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    // Both shapes were seen, each with Retry-After and the message, and not one trace of the exception.
    private static void AssertFriendly503s(Attempt[] attempts)
    {
        var unavailable = attempts.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToArray();
        Assert.Contains(unavailable, a => !a.Htmx);
        Assert.Contains(unavailable, a => a.Htmx);
        Assert.All(unavailable, a =>
        {
            Assert.Equal("5", a.RetryAfter);
            Assert.Contains("cannot reach its database right now", a.Body);
            Assert.DoesNotContain("Exception", a.Body);
            Assert.DoesNotContain("Npgsql", a.Body);
            if (a.Htmx) Assert.StartsWith("<p class=\"flash error\" role=\"alert\">", a.Body.TrimStart());
            else Assert.Contains("<h1>Temporarily unavailable</h1>", a.Body);
        });
    }

    // Each tenant wrote again soon after the restart, and from the first write after it on, nothing failed.
    private static void AssertRecovered(Attempt[] attempts, LoadTenant[] tenants, TimeSpan up)
    {
        foreach (var tenant in tenants)
        {
            var first = attempts.FirstOrDefault(a => a.Tenant == tenant.Slug && a.Succeeded && a.Started >= up);
            Assert.True(first is not null && first.Ended - up < RecoveryLimit,
                $"{tenant.Slug}: no acknowledged write within {RecoveryLimit.TotalSeconds} s of the restart");
        }
        var recovered = attempts.Where(a => a.Succeeded && a.Started >= up).Min(a => a.Ended);
        Assert.Empty(attempts.Where(a => a.Started > recovered && !a.Succeeded).Select(a => a.ToString()));
    }
}
