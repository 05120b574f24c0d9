using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// Organizations changed by another writer (the superuser's connection, standing for another app instance) reach the
/// running app's tenant cache through the trigger's notifications, over the real listener and real requests.
/// </summary>
public sealed class DatabaseNotificationsShould(EnvironmentAppFactory app) : IClassFixture<EnvironmentAppFactory>
{
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CarryASlugChangeToTheAppWithinASecond()
    {
        var (id, slug, user) = await CreateCachedAsync("slug");
        var newSlug = TestOrganizations.NewSlug("moved");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(slug, user));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(newSlug, user)); // "no such tenant" is cached too

        await AdminAsync("UPDATE organizations SET slug = $1 WHERE id = $2", newSlug, id);

        await Eventually.TrueWithinAsync(WithinASecond, async () =>
            await StatusAsync(slug, user) == HttpStatusCode.NotFound && await StatusAsync(newSlug, user) == HttpStatusCode.OK,
            "the old slug stops resolving and the new one resolves");
    }

    [Fact]
    public async Task CarryARenameToTheAppWithinASecond()
    {
        var (id, slug, user) = await CreateCachedAsync("rename");
        Assert.Equal($"Org {slug}", await NameAsync(slug, user));

        await AdminAsync("UPDATE organizations SET name = $1 WHERE id = $2", "Renamed elsewhere", id);

        await Eventually.TrueWithinAsync(WithinASecond, async () => await NameAsync(slug, user) == "Renamed elsewhere", "the header shows the new name");
    }

    [Fact]
    public async Task CarryADeletionToTheAppWithinASecond()
    {
        var (id, slug, user) = await CreateCachedAsync("delete");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(slug, user));

        await AdminAsync("DELETE FROM organizations WHERE id = $1", id);

        await Eventually.TrueWithinAsync(WithinASecond, async () => await StatusAsync(slug, user) == HttpStatusCode.NotFound,
            "the deleted organization stops resolving");
    }

    [Fact]
    public async Task CarryACreationPastACachedNotFoundWithinASecond()
    {
        var slug = TestOrganizations.NewSlug("create");
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, slug);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(slug, user));

        await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (user, "owner"));

        await Eventually.TrueWithinAsync(WithinASecond, async () => await StatusAsync(slug, user) == HttpStatusCode.OK,
            "the new organization resolves before its cached \"not found\" expires");
    }

    [Fact]
    public async Task ListenAgainAfterItsConnectionIsKilledAndForgetWhatItMayHaveMissed()
    {
        var (id, slug, user) = await CreateCachedAsync("killed");
        // A change nobody is told about: the app keeps what it cached, as it would for one made while it was not listening.
        await SilentlyRenameAsync(id, "Changed unheard");
        Assert.Equal($"Org {slug}", await NameAsync(slug, user));
        var killed = await ListenerAsync();
        var logged = app.Logs.Entries.Count;

        Assert.True(await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString, "SELECT pg_terminate_backend($1, 5000)", killed));

        // Reconnecting forgets every cached tenant, so the change it could not hear about shows.
        await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), async () => await NameAsync(slug, user) == "Changed unheard",
            "the cache is cleared once the listener is back");
        Assert.NotEqual(killed, await ListenerAsync());
        await AdminAsync("UPDATE organizations SET name = $1 WHERE id = $2", "Heard again", id);
        await Eventually.TrueWithinAsync(WithinASecond, async () => await NameAsync(slug, user) == "Heard again",
            "notifications are delivered again");

        var entries = app.Logs.Entries.Skip(logged).ToList();
        Assert.Contains(entries, e => e.StartsWith($"Warning {typeof(DatabaseNotifications).FullName}", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.StartsWith($"Information {typeof(DatabaseNotifications).FullName}", StringComparison.Ordinal) && e.Contains("again"));
        Assert.DoesNotContain(entries, e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));
    }

    // The membership cache relies on this: it must not serve while changes could go unheard.
    [Fact]
    public async Task TellItsSubscriptionsWhenItStopsListeningBeforeItListensAgain()
    {
        var name = $"probe-{Guid.NewGuid():N}";
        var probe = new Probe();
        using var source = new ListenDataSource(app.RuntimeConnectionString() + $";Application Name={name}");
        using var notifications = new DatabaseNotifications(source, [probe], NullLogger<DatabaseNotifications>.Instance);
        await notifications.StartAsync(Ct);
        try
        {
            Assert.Equal(["listening"], probe.Events);
            var listener = await TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1", name);

            Assert.True(await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString, "SELECT pg_terminate_backend($1, 5000)", listener));

            await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(probe.Events.Count >= 3), "it listens again");
            Assert.Equal(["listening", "lost", "listening"], probe.Events.Take(3));
        }
        finally
        {
            await notifications.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("{}")]
    [InlineData("{\"id\": \"not-a-uuid\", \"old_slug\": \"acme\"}")]
    [InlineData("{\"id\": \"0196f0a2-0000-7000-8000-000000000000\"}")]
    [InlineData("{\"id\": \"0196f0a2-0000-7000-8000-000000000000\", \"old_slug\": 42}")]
    [InlineData("{\"id\": \"0196f0a2-0000-7000-8000-00000000000")]
    public async Task ChangeNothingAndLogNoErrorOnGarbage(string payload)
    {
        var (id, slug, user) = await CreateCachedAsync("garbage");
        await SilentlyRenameAsync(id, "Changed unheard");
        var listener = await ListenerAsync();
        var logged = app.Logs.Entries.Count;

        await AdminAsync("SELECT pg_notify($1, $2)", OrganizationChanges.Channel, payload);
        // Notifications arrive in order: once a later, real one is seen, the garbage has been read.
        var (sentinel, sentinelSlug, sentinelUser) = await CreateCachedAsync("sentinel");
        Assert.Equal($"Org {sentinelSlug}", await NameAsync(sentinelSlug, sentinelUser));
        await AdminAsync("UPDATE organizations SET name = $1 WHERE id = $2", "Sentinel renamed", sentinel);
        await Eventually.TrueWithinAsync(WithinASecond, async () => await NameAsync(sentinelSlug, sentinelUser) == "Sentinel renamed",
            "the notification after the garbage is delivered");

        Assert.Equal($"Org {slug}", await NameAsync(slug, user)); // the cache was not cleared
        Assert.Equal(listener, await ListenerAsync()); // nor the connection dropped
        var entries = app.Logs.Entries.Skip(logged).ToList();
        Assert.Single(entries, e => e.StartsWith($"Warning {typeof(OrganizationChanges).FullName}", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal));
    }

    // Created, and cached once its creation's own notification has been heard: a read that such a notification overtakes
    // is (rightly) not kept, so a test that needs the cached name waits for it. Until then the slug's "not found" is cached.
    private async Task<(Guid Id, string Slug, Guid Owner)> CreateCachedAsync(string prefix)
    {
        var slug = TestOrganizations.NewSlug(prefix);
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, slug);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(slug, user));
        var id = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (user, "owner"));
        await Eventually.TrueWithinAsync(WithinASecond, async () => await NameAsync(slug, user) == $"Org {slug}",
            "the creation is heard");
        return (id, slug, user);
    }

    private async Task<HttpStatusCode> StatusAsync(string slug, Guid user)
    {
        using var response = await app.ClientFor($"{slug}.localhost", user).GetAsync("/", Ct);
        return response.StatusCode;
    }

    // The organization's name as the page header shows it, which comes from the cached tenant.
    private async Task<string?> NameAsync(string slug, Guid user)
    {
        using var response = await app.ClientFor($"{slug}.localhost", user).GetAsync("/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var match = System.Text.RegularExpressions.Regex.Match(html, "<strong id=\"org-name\">([^<]*)</strong>");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    private async Task AdminAsync(string sql, params object[] args)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var command = source.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        await command.ExecuteNonQueryAsync(Ct);
    }

    // A superuser's transaction in replica mode fires no ordinary triggers: the change is made, and nobody is told.
    private async Task SilentlyRenameAsync(Guid id, string name)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var replica = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection))
            await replica.ExecuteNonQueryAsync(Ct);
        await using (var update = new NpgsqlCommand("UPDATE organizations SET name = $1 WHERE id = $2", connection))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = name });
            update.Parameters.Add(new NpgsqlParameter { Value = id });
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
        }
        await transaction.CommitAsync(Ct);
    }

    private sealed class Probe : IChannelSubscription
    {
        public ConcurrentQueue<string> Events { get; } = new();
        public string Channel => "tenantsite_probe";
        public void OnNotification(string payload) { }
        public void OnListening() => Events.Enqueue("listening");
        public void OnListenLost() => Events.Enqueue("lost");
    }

    // The listener's backend, by the application name it connects with; exactly one per app.
    private Task<int> ListenerAsync() => TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", ListenDataSource.ApplicationName);
}
