using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The trigger of migration OrganizationChangeNotifications alone, heard on a connection of the runtime role (which
/// needs no grant to LISTEN): what it sends for each kind of change, by the owner or by the runtime role, and that it
/// sends nothing for a change that is rolled back or touches neither name nor slug.
/// </summary>
// A host of its own: it listens on the database's channels, where other classes' writes would be heard too.
public sealed class OrganizationChangeNotificationsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendTheOldAndNewSlugOfEachCreationRenameSlugChangeAndDeletion()
    {
        await using var listener = await ListenerAsync();
        var slug = TestOrganizations.NewSlug("notify");
        var moved = TestOrganizations.NewSlug("moved");

        var id = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, "owner"));
        Assert.Equal((id, null, slug), await listener.NextAsync());

        // The settings page's way: the runtime role, inside the organization.
        await Sql.QueryAsync(app.RuntimeDataSource, id, app.Demo.Alice, "UPDATE organizations SET name = 'Renamed' WHERE id = $1", id);
        Assert.Equal((id, slug, slug), await listener.NextAsync());

        await Sql.QueryAsync(app.RuntimeDataSource, id, app.Demo.Alice, "UPDATE organizations SET slug = $1 WHERE id = $2", moved, id);
        Assert.Equal((id, slug, moved), await listener.NextAsync());

        await Admin("DELETE FROM organizations WHERE id = $1", id);
        Assert.Equal((id, moved, null), await listener.NextAsync());
    }

    [Theory]
    [InlineData("UPDATE organizations SET plan = 'pro' WHERE slug = $1")]
    [InlineData("UPDATE organizations SET name = name, slug = slug WHERE slug = $1")]
    public async Task SendNothingWhenNeitherNameNorSlugChanges(string sql)
    {
        await using var listener = await ListenerAsync();
        var slug = TestOrganizations.NewSlug("quiet");
        var id = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug);
        Assert.Equal((id, null, slug), await listener.NextAsync());

        await Admin(sql, slug);

        await AssertNothingSentAsync(listener);
    }

    [Fact]
    public async Task SendNothingForARenameThatIsRolledBack()
    {
        await using var listener = await ListenerAsync();
        var slug = TestOrganizations.NewSlug("rollback");
        var id = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug);
        Assert.Equal((id, null, slug), await listener.NextAsync());

        await using (var source = NpgsqlDataSource.Create(app.AdminConnectionString))
        await using (var connection = await source.OpenConnectionAsync(Ct))
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await Sql.ReadAsync(connection, "UPDATE organizations SET name = 'Never' WHERE slug = $1", slug);
            await transaction.RollbackAsync(Ct);
        }

        await AssertNothingSentAsync(listener);
    }

    // Notifications arrive in commit order: if a later one comes first, nothing came before it.
    private async Task AssertNothingSentAsync(Listener listener)
    {
        await Admin("SELECT pg_notify($1, 'sentinel')", OrganizationChanges.Channel);
        Assert.Equal("sentinel", await listener.NextPayloadAsync());
    }

    private async Task Admin(string sql, params object[] args)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        await Sql.ReadAsync(connection, sql, args);
    }

    private async Task<Listener> ListenerAsync()
    {
        var connection = await app.RuntimeDataSource.OpenConnectionAsync(Ct);
        var listener = new Listener(connection);
        await Sql.ReadAsync(connection, $"LISTEN {OrganizationChanges.Channel}");
        return listener;
    }

    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly ConcurrentQueue<string> _payloads = new();

        public Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, e) => _payloads.Enqueue(e.Payload);
        }

        public async Task<string> NextPayloadAsync()
        {
            while (true)
            {
                if (_payloads.TryDequeue(out var payload)) return payload;
                Assert.True(await _connection.WaitAsync(5000, Ct), "no notification within 5 s");
            }
        }

        public async Task<(Guid Id, string? OldSlug, string? NewSlug)> NextAsync()
        {
            using var json = JsonDocument.Parse(await NextPayloadAsync());
            var root = json.RootElement;
            return (root.GetProperty("id").GetGuid(), root.GetProperty("old_slug").GetString(), root.GetProperty("new_slug").GetString());
        }

        // UNLISTEN, so the pooled connection goes back as it came.
        public async ValueTask DisposeAsync()
        {
            await Sql.ReadAsync(_connection, "UNLISTEN *");
            await _connection.DisposeAsync();
        }
    }
}
