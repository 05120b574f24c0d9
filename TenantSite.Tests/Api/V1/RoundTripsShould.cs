using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api.V1;

/// <summary>
/// The API's database round-trips, warm, counted from Npgsql's tracing as for the pages: a key-authenticated read is
/// the key's lookup (which also finds its organization and role) and the query; a session's is the query alone, its
/// memberships coming from the membership cache. Nothing is cached for keys, so a revocation needs no invalidation.
/// </summary>
// A host of its own: it counts its host's database commands, which other classes' requests would add to.
public sealed class RoundTripsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/projects", true, 2)]
    [InlineData("/api/v1/projects", false, 1)]
    [InlineData("/api/v1/projects/{project}", true, 2)]
    [InlineData("/api/v1/projects/{project}/tasks", true, 2)]
    public async Task ReadInAtMostTwoRoundTrips(string path, bool withKey, int expected)
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Counted", ["one", "two"]);
        path = path.Replace("{project}", project.ToString());
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Viewer);
        var client = withKey ? app.KeyClient("acme.localhost", key) : app.ClientFor("acme.localhost", app.Demo.Alice);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, Ct)).StatusCode); // warms the cache and the pool (and records the use)

        using var counter = new CommandCounter(app.Database);
        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(counter.Count == expected, $"{path}: {counter.Count} round-trips\n" + string.Join("\n---\n", counter.Commands));
    }
}
