using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Health;

/// <summary>
/// <c>/healthz</c> (alive) and <c>/readyz</c> (database reachable as the runtime role, no migration pending): anonymous,
/// on every host, plain status text and nothing more.
/// </summary>
// A host of its own: it changes what the readiness probe reads (the migration history) of its own database.
public sealed class HealthEndpointsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A tenant's host answers the probe, not the tenant's page; an unknown organization's host too (no 404).
    [Theory]
    [InlineData("localhost", "/healthz")]
    [InlineData("localhost", "/readyz")]
    [InlineData("acme.localhost", "/healthz")]
    [InlineData("acme.localhost", "/readyz")]
    [InlineData("no-such-org.localhost", "/readyz")]
    public async Task AnswerHealthyAsPlainTextWithoutTenantOrSignIn(string host, string path)
    {
        using var response = await app.ClientFor(host).GetAsync(path, Ct);

        await AssertStatusAsync(response, HttpStatusCode.OK, "Healthy");
    }

    [Fact]
    public async Task ReportNotReadyWhileAMigrationIsPendingAndStayAlive()
    {
        // The newest migration "not applied": what an instance of a new version sees before migrate has run.
        var newest = await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT max(\"MigrationId\") FROM \"__EFMigrationsHistory\") " +
            "RETURNING \"MigrationId\"");
        try
        {
            using var ready = await app.ClientFor("localhost").GetAsync("/readyz", Ct);
            using var alive = await app.ClientFor("localhost").GetAsync("/healthz", Ct);

            await AssertStatusAsync(ready, HttpStatusCode.ServiceUnavailable, "Unhealthy");
            await AssertStatusAsync(alive, HttpStatusCode.OK, "Healthy");
        }
        finally
        {
            await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
                "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ($1, '10.0.0') RETURNING \"MigrationId\"", newest);
        }
        using var again = await app.ClientFor("localhost").GetAsync("/readyz", Ct);
        await AssertStatusAsync(again, HttpStatusCode.OK, "Healthy");
    }

    /// <summary>The status, and a body that is the status word alone: no check names, no exception, no version.</summary>
    internal static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode status, string text)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(text, await response.Content.ReadAsStringAsync(Ct));
    }
}
