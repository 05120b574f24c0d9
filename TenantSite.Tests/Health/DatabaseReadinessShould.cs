using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Health;

/// <summary>The readiness probe while PostgreSQL is down (a cluster of the test's own, stopped and started again).</summary>
public sealed class DatabaseReadinessShould(PrivateClusterApp fixture) : IClassFixture<PrivateClusterApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReportNotReadyWhileTheDatabaseIsDownStayAliveAndBeReadyOnceItIsBack()
    {
        var client = fixture.App.ClientFor("localhost");
        using (var before = await client.GetAsync("/readyz", Ct)) await HealthEndpointsShould.AssertStatusAsync(before, HttpStatusCode.OK, "Healthy");

        await fixture.Cluster.StopAsync();
        try
        {
            using var ready = await client.GetAsync("/readyz", Ct);
            using var alive = await client.GetAsync("/healthz", Ct);

            await HealthEndpointsShould.AssertStatusAsync(ready, HttpStatusCode.ServiceUnavailable, "Unhealthy");
            await HealthEndpointsShould.AssertStatusAsync(alive, HttpStatusCode.OK, "Healthy");
        }
        finally
        {
            await fixture.Cluster.StartAgainAsync();
        }

        using var after = await client.GetAsync("/readyz", Ct);
        await HealthEndpointsShould.AssertStatusAsync(after, HttpStatusCode.OK, "Healthy");
    }
}
