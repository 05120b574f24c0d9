using System.Net;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The membership cache against real changes: a warm page reads no memberships (one round-trip), yet a removal or a
/// role change takes effect on the next request when this instance made it, and within moments when any other writer
/// did (the database's notification); someone who just joined gets in at once, notification or not.
/// </summary>
// A host of its own: the membership cache is per user, and the demo users' memberships change under a shared host.
public sealed class MembershipChangesShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static readonly TimeSpan Moments = TimeSpan.FromSeconds(5);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EndAccessOnTheNextRequestWhenAMemberIsRemovedHere()
    {
        var slug = TestOrganizations.NewSlug("cache-here");
        await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, "owner"), (app.Demo.Bob, "member"));
        var bob = await WarmAsync(slug, app.Demo.Bob, "/");

        var members = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/members");
        var remove = await members.PostFormAsync("Remove", new() { ["SeenRole"] = "member" }, query: $"userId={app.Demo.Bob}");
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task EndAccessWithinMomentsWhenAnotherWriterRemovesAMember()
    {
        var slug = TestOrganizations.NewSlug("cache-gone");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug,
            (app.Demo.Alice, "owner"), (app.Demo.Bob, "member"));
        var bob = await WarmAsync(slug, app.Demo.Bob, "/");

        await ExecuteAsync("DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2", organization, app.Demo.Bob);

        await Eventually.TrueWithinAsync(Moments, async () => (await bob.GetAsync("/", Ct)).StatusCode == HttpStatusCode.NotFound,
            "the removed member gets the non-member's 404");
    }

    [Fact]
    public async Task TakeAPermissionAwayWithinMomentsWhenAnotherWriterChangesTheRole()
    {
        var slug = TestOrganizations.NewSlug("cache-role");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug,
            (app.Demo.Alice, "owner"), (app.Demo.Bob, "admin"));
        var bob = await WarmAsync(slug, app.Demo.Bob, "/activity");

        await ExecuteAsync("UPDATE organization_members SET role = 'viewer' WHERE organization_id = $1 AND user_id = $2",
            organization, app.Demo.Bob);

        await Eventually.TrueWithinAsync(Moments, async () => (await bob.GetAsync("/activity", Ct)).StatusCode == HttpStatusCode.Forbidden,
            "the viewer no longer reads the activity log");
    }

    [Fact]
    public async Task LetSomeoneWhoJustJoinedInAtOnceEvenWithoutANotification()
    {
        var slug = TestOrganizations.NewSlug("cache-join");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, "owner"));
        await WarmAsync("acme", app.Demo.Bob, "/"); // Bob's cached memberships: acme's, not the new one's

        // Triggers off: no notification empties the cache, so only the cache's own rule can let Bob in.
        await ExecuteAsync(triggers: false, "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member')",
            organization, app.Demo.Bob);

        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor($"{slug}.localhost", app.Demo.Bob).GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public async Task ShowAnOrganizationRenamedByAnotherWriterInTheSwitcherWithinMoments()
    {
        var slug = TestOrganizations.NewSlug("cache-name");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug,
            (app.Demo.Alice, "owner"), (app.Demo.Bob, "member"));
        var bob = await WarmAsync("acme", app.Demo.Bob, "/");
        var name = $"Renamed {Guid.NewGuid():N}";

        await ExecuteAsync("UPDATE organizations SET name = $2 WHERE id = $1", organization, name);

        await Eventually.TrueWithinAsync(Moments, async () => (await bob.GetStringAsync("/", Ct)).Contains(name, StringComparison.Ordinal),
            "acme's switcher names the renamed organization");
    }

    // The first request fills the cache and the second must come from it (one round-trip: the page's own query), or the
    // test would prove nothing about the cache. The set-up's own writes notify too: their notifications are let through
    // first, so none of them empties the cache between the two requests.
    private async Task<HttpClient> WarmAsync(string slug, Guid user, string path)
    {
        await app.Notifications.PassAsync(app.AdminConnectionString, Ct);
        var client = app.ClientFor($"{slug}.localhost", user);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, Ct)).StatusCode);
        using var counter = new CommandCounter(app.Database);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path, Ct)).StatusCode);
        Assert.True(counter.Count == 1, $"{path} served from the membership cache (one round-trip): {counter.Count}");
        return client;
    }

    private Task ExecuteAsync(string sql, params object[] args) => ExecuteAsync(triggers: true, sql, args);

    // As the superuser, standing for another instance or any other writer.
    private async Task ExecuteAsync(bool triggers, string sql, params object[] args)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        if (!triggers)
        {
            await using var off = new NpgsqlCommand("SET session_replication_role = replica", connection);
            await off.ExecuteNonQueryAsync(Ct);
        }
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        await command.ExecuteNonQueryAsync(Ct);
    }
}
