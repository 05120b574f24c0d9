using System.Net;
using Npgsql;
using TenantSite.Auth;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org;

/// <summary>
/// The regression guard of the tenant pages' database round-trips, counted from Npgsql's own tracing: each command is
/// one round-trip, the tenant hand-over travels in the same batch. Warm (tenant cache, membership cache and pool
/// filled), a page reads only its own data; after a membership change empties the membership cache, it reads the
/// user's memberships first (the membership check and the switcher).
/// </summary>
// A host of its own: it counts its host's database commands, which other classes' requests would add to.
public sealed class RoundTripsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Pages => new()
    {
        // The projects with task counts.
        { "dashboard", "/" },
        // The project with its tasks.
        { "project", "/projects/{project}" },
        // The members with the open invitations (shown to those who manage members) in one query.
        { "members", "/members" },
        // The organization with its API keys (an active and a revoked one) in one query.
        { "settings", "/settings" },
        // The organization with its counts and every plan's limits in one query.
        { "billing", "/billing" },
        // A page of audit events with the filter's members and API keys in one query.
        { "activity", "/activity" },
        // The same with every filter and a cursor (the keyset condition), as "Load more" asks for it.
        { "activity-more", "/activity?person=keys&kind=projects&after=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task StayWithinTheirRoundTrips(string page, string path)
    {
        path = path.Replace("{project}", (await AcmeProjectAsync()).ToString());
        if (page == "settings")
        {
            await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, "member", "Round trips", app.Demo.Alice);
            await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, "viewer", "Round trips, revoked",
                app.Demo.Bob, TimeSpan.FromHours(1));
        }
        var client = app.ClientFor("acme.localhost", app.Demo.Alice);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, Ct)).StatusCode); // warms the cache and the pool

        await AssertRoundTripsAsync(client, page, path, 1);
        app.Services.GetRequiredService<MembershipCache>().InvalidateAll();
        await AssertRoundTripsAsync(client, page + " after a membership change", path, 2);
    }

    private async Task AssertRoundTripsAsync(HttpClient client, string page, string path, int expected)
    {
        using var counter = new CommandCounter(app.Database);
        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(counter.Count == expected, $"{page}: {counter.Count} round-trips\n" + string.Join("\n---\n", counter.Commands));
    }

    private async Task<Guid> AcmeProjectAsync()
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var command = source.CreateCommand("SELECT id FROM projects WHERE organization_id = $1 ORDER BY created_at LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = app.Demo.Acme });
        return (Guid)(await command.ExecuteScalarAsync(Ct))!;
    }
}
