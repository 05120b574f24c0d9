using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using TenantSite.Data;
using TenantSite.Data.Migrations;
using TenantSite.Live;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Live;

/// <summary>
/// The triggers of migration <c>LiveUpdates</c>, read as any role that can connect reads them: by LISTENing on the
/// channel. They name ids only, one notification per changed project, and a bulk write sends a few.
/// </summary>
// A host of its own: it listens on the database's channels, where other classes' writes would be heard too.
public sealed class LiveNotificationsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Payload(Guid OrganizationId, Guid? ProjectId, string Table);

    // Listens as the runtime role (no grant needed: any role may), runs the writes, and returns what arrived.
    private async Task<List<string>> HeardAsync(Func<Task> writes)
    {
        var heard = new ConcurrentQueue<string>();
        await using var connection = await app.RuntimeDataSource.OpenConnectionAsync(Ct);
        connection.Notification += (_, e) => heard.Enqueue(e.Payload);
        // A new listener may still be handed notifications committed just before its LISTEN: it takes those after its
        // own marker, which the queue delivers in commit order.
        await using (var listen = new NpgsqlCommand($"LISTEN {LiveChange.Channel}; NOTIFY {LiveChange.Channel}, 'marker'", connection))
            await listen.ExecuteNonQueryAsync(Ct);
        await writes();
        await using (var ping = new NpgsqlCommand("SELECT 1", connection)) await ping.ExecuteScalarAsync(Ct);
        while (await connection.WaitAsync(TimeSpan.FromMilliseconds(200), Ct)) { }
        return [.. heard.SkipWhile(p => p != "marker").Skip(1)];
    }

    private static Payload Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Equal(["organization_id", "project_id", "table"], document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        return JsonSerializer.Deserialize<Payload>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
    }

    private Task<List<object?[]>> AsAliceAsync(string sql, params object[] args) => Sql.QueryAsync(app.RuntimeDataSource, app.Demo.Acme, app.Demo.Alice, sql, args);

    [Fact]
    public async Task NameOnlyIdsNeverATitleOrAName()
    {
        const string secret = "Secret-Title-7f3a";
        var project = (Guid)(await AsAliceAsync("INSERT INTO projects (organization_id, name) VALUES ($1, $2) RETURNING id", app.Demo.Acme, secret + " project"))[0][0]!;
        var heard = await HeardAsync(async () =>
        {
            await AsAliceAsync("INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, $3)", app.Demo.Acme, project, secret);
            await AsAliceAsync("UPDATE tasks SET title = $1 || ' renamed', completed = true WHERE project_id = $2", secret, project);
            await AsAliceAsync("UPDATE projects SET name = $1 || ' renamed' WHERE id = $2", secret, project);
            await AsAliceAsync("DELETE FROM tasks WHERE project_id = $1", project);
            await AsAliceAsync("DELETE FROM projects WHERE id = $1", project);
        });

        Assert.All(heard, json => Assert.DoesNotContain("Secret", json, StringComparison.OrdinalIgnoreCase));
        var payloads = heard.Select(Parse).ToList();
        Assert.Equal(
            [("tasks", project), ("tasks", project), ("projects", project), ("tasks", project), ("projects", project)],
            payloads.Select(p => (p.Table, p.ProjectId!.Value)));
        Assert.All(payloads, p => Assert.Equal(app.Demo.Acme, p.OrganizationId));
    }

    [Fact]
    public async Task SendOneNotificationPerProjectOfAStatementAndOnePerOrganizationForABulkWrite()
    {
        var heard = await HeardAsync(async () =>
        {
            // Three tasks in one project: one notification.
            var project = (Guid)(await AsAliceAsync("SELECT id FROM projects ORDER BY name LIMIT 1"))[0][0]!;
            await AsAliceAsync("INSERT INTO tasks (organization_id, project_id, title) SELECT $1, $2, 'Bulk ' || g FROM generate_series(1, 3) g",
                app.Demo.Acme, project);
            // More projects at once than are named one by one: one notification for the organization.
            await AsAliceAsync("INSERT INTO projects (organization_id, name) SELECT $1, 'Bulk project ' || g FROM generate_series(1, $2) g",
                app.Demo.Acme, LiveUpdates.ProjectsNamedPerStatement + 5);
        });

        var payloads = heard.Select(Parse).ToList();
        Assert.Equal(2, payloads.Count);
        Assert.Equal("tasks", payloads[0].Table);
        Assert.NotNull(payloads[0].ProjectId);
        Assert.Equal(new Payload(app.Demo.Acme, null, "projects"), payloads[1]);
    }

    [Fact]
    public async Task TellAnOrganizationThatItsMembershipsChanged()
    {
        var heard = await HeardAsync(() =>
            Sql.QueryAsync(app.RuntimeDataSource, app.Demo.Globex, app.Demo.Carol,
                "UPDATE organization_members SET role = role WHERE organization_id = $1", app.Demo.Globex));
        Assert.Equal([new Payload(app.Demo.Globex, null, "organization_members")], heard.Select(Parse));
    }

    [Fact]
    public async Task SendNothingForAStatementThatChangedNothingOrRolledBack()
    {
        var heard = await HeardAsync(async () =>
        {
            await AsAliceAsync("UPDATE tasks SET completed = true WHERE false");
            await using var connection = await app.RuntimeDataSource.OpenConnectionAsync(Ct);
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            await Sql.SetTenantAsync(connection, app.Demo.Acme, app.Demo.Alice);
            await Sql.ReadAsync(connection, "INSERT INTO projects (organization_id, name) VALUES ($1, 'Never')", app.Demo.Acme);
            await transaction.RollbackAsync(Ct);
        });
        Assert.Empty(heard);
    }
}
