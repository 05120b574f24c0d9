using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The audit log in the database alone, as the runtime role with no EF in front: the triggers record each kind of change
/// with who, from where and which key; the role can only read and add its own tenant's events.
/// </summary>
public sealed class AuditEventsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordWhoRenamedAProjectAndFromWhere()
    {
        var (org, owner) = await OrganizationAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Before", []);

        await AsAppAsync(org, owner, "UPDATE projects SET name = 'After' WHERE id = $1", ip: "203.0.113.7", args: project);

        var e = (await EventsAsync(org, "project.renamed")).Single();
        Assert.Equal(owner, e["actor_user_id"]);
        Assert.StartsWith("owner-", (string)e["actor_name"]!);
        Assert.Equal("203.0.113.7", e["ip"]);
        Assert.Equal(project, e["target_id"]);
        Assert.Equal("After", e["target_label"]);
        Assert.Equal("""{"to": "After", "from": "Before"}""", e["details"]);
        Assert.Null(e["api_key_id"]);
    }

    [Fact]
    public async Task RecordTheApiKeyThatCreatedATask()
    {
        var (org, _) = await OrganizationAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Keyed", []);
        var (_, key) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member);

        await AsAppAsync(org, null, "INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, 'By key')",
            ip: "2001:db8::5", apiKey: key, args: [org, project]);

        var e = (await EventsAsync(org, "task.created")).Single();
        Assert.Equal(key, e["api_key_id"]);
        Assert.StartsWith("ts_", (string)e["api_key_prefix"]!);
        Assert.Null(e["actor_user_id"]);
        Assert.Equal("2001:db8::5", e["ip"]);
        Assert.Equal("By key", e["target_label"]);
    }

    [Fact]
    public async Task RecordAnotherOrganizationsKeyAsNoKey()
    {
        var (org, owner) = await OrganizationAsync();
        var (other, _) = await OrganizationAsync();
        var (_, foreignKey) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, other, Roles.Member);

        await AsAppAsync(org, owner, "INSERT INTO projects (organization_id, name) VALUES ($1, 'Claimed')", apiKey: foreignKey, args: org);

        var e = (await EventsAsync(org, "project.created")).Single(r => (string?)r["target_label"] == "Claimed");
        Assert.Null(e["api_key_id"]);
        Assert.Null(e["api_key_prefix"]);
    }

    [Fact]
    public async Task RecordEachKindOfChange()
    {
        var (org, owner) = await OrganizationAsync();
        var member = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "member-" + Guid.NewGuid().ToString("N")[..8]);
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "P", ["t"]);
        var (_, key) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Viewer);
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "x@example.com", Roles.Member);
        var since = await LastEventTimeAsync(org);

        await AsAppAsync(org, owner, "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member')", args: [org, member]);
        await AsAppAsync(org, owner, "UPDATE organization_members SET role = 'admin' WHERE user_id = $1", args: member);
        await AsAppAsync(org, owner, "UPDATE tasks SET completed = true, title = 'T' WHERE project_id = $1", args: project);
        await AsAppAsync(org, owner, "UPDATE tasks SET completed = false WHERE project_id = $1", args: project);
        await AsAppAsync(org, owner, "DELETE FROM tasks WHERE project_id = $1", args: project);
        await AsAppAsync(org, owner, "UPDATE invitations SET expires_at = now() + interval '8 days' WHERE id = $1", args: invitation);
        await AsAppAsync(org, owner, "UPDATE invitations SET revoked_at = now() WHERE id = $1", args: invitation);
        await AsAppAsync(org, owner, "UPDATE api_keys SET last_used_at = now() WHERE id = $1", args: key); // not a change
        await AsAppAsync(org, owner, "UPDATE api_keys SET revoked_at = now() WHERE id = $1", args: key);
        await AsAppAsync(org, owner, "UPDATE organizations SET name = 'Renamed', updated_at = now() WHERE id = $1", args: org);
        await AsAppAsync(org, owner, "UPDATE organizations SET plan = 'pro' WHERE id = $1", args: org);
        await AsAppAsync(org, owner, "UPDATE organizations SET updated_at = now() WHERE id = $1", args: org); // not a change
        await AsAppAsync(org, owner, "DELETE FROM organization_members WHERE user_id = $1", args: member);
        await AsAppAsync(org, owner, "DELETE FROM projects WHERE id = $1", args: project);

        var events = await EventsSinceAsync(org, since);
        Assert.Equal(
        [
            "member.joined", "member.role_changed", "task.renamed", "task.completed", "task.reopened", "task.deleted",
            "invitation.renewed", "invitation.revoked", "api_key.revoked", "organization.renamed", "plan.changed",
            "member.removed", "project.deleted",
        ], events.Select(e => (string)e["action"]!));
        Assert.All(events, e => Assert.Equal(owner, e["actor_user_id"]));
        Assert.Equal("""{"to": "admin", "from": "member"}""", events[1]["details"]);
        Assert.Equal("""{"to": "pro", "from": "enterprise"}""", events[10]["details"]);
    }

    [Fact]
    public async Task RecordInvitationsAnsweredAndOrganizationsCreatedThroughTheDefinerFunctions()
    {
        var (org, _) = await OrganizationAsync();
        var login = "invitee-" + Guid.NewGuid().ToString("N")[..8];
        var invitee = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, login);
        await TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
            "WITH u AS (UPDATE users SET email_verified = true WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM u", invitee);
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, $"{login}@example.com", Roles.Viewer);

        await AsAppAsync(null, invitee, "SELECT * FROM tenantsite_answer_invitation($1, true)", ip: "198.51.100.2", args: invitation);
        var slug = TestOrganizations.NewSlug("audit-new");
        await AsAppAsync(null, invitee, "SELECT tenantsite_create_organization('Fresh', $1)", args: slug);

        var answered = (await EventsAsync(org, "invitation.accepted", "member.joined")).Where(e => (Guid?)e["actor_user_id"] == invitee).ToList();
        Assert.Equal(["invitation.accepted", "member.joined"], answered.Select(e => (string)e["action"]!));
        Assert.All(answered, e => Assert.Equal(invitee, e["actor_user_id"]));
        Assert.All(answered, e => Assert.Equal("198.51.100.2", e["ip"]));
        var fresh = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM organizations WHERE slug = $1", slug);
        Assert.Equal(["organization.created", "member.joined"], (await EventsAsync(fresh)).Select(e => (string)e["action"]!));
    }

    [Fact]
    public async Task RecordOneEventForAProjectDeletedWithItsTasks()
    {
        var (org, owner) = await OrganizationAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Big", ["a", "b", "c", "d"]);

        await AsAppAsync(org, owner, "DELETE FROM projects WHERE id = $1", args: project);

        Assert.Single(await EventsAsync(org, "project.deleted"));
        Assert.Empty(await EventsAsync(org, "task.deleted"));
    }

    [Fact]
    public async Task DeleteAnOrganizationWithItsEvents()
    {
        var (org, owner) = await OrganizationAsync();
        await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Gone", ["a"]);
        await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Member);
        Assert.NotEmpty(await EventsAsync(org));

        await AsAppAsync(org, owner, "DELETE FROM organizations WHERE id = $1", args: org);

        Assert.Empty(await EventsAsync(org));
    }

    [Fact]
    public async Task RecordNothingWhenAGoneUsersReferencesAreSetNull()
    {
        var (org, owner) = await OrganizationAsync();
        var inviter = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "inviter-" + Guid.NewGuid().ToString("N")[..8]);
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "y@example.com", Roles.Viewer, invitedBy: inviter);
        // Revoked already: an active key of a deleted creator is revoked with them, which is recorded (ApiKeyCreatorShould).
        await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org, Roles.Viewer, createdBy: inviter, revokedAgo: TimeSpan.FromDays(1));
        var since = await LastEventTimeAsync(org);

        await TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
            "WITH d AS (DELETE FROM users WHERE id = $1 RETURNING 1) SELECT count(*)::int FROM d", inviter);

        Assert.Empty(await EventsSinceAsync(org, since));
    }

    // Only the triggers write events: the app cannot forge one, even of its own tenant, nor rewrite or delete any.
    [Theory]
    [InlineData("INSERT INTO audit_events (organization_id, action, target_type) VALUES ((SELECT tenantsite_current_org_id()), 'project.deleted', 'project')")]
    [InlineData("UPDATE audit_events SET action = 'forged'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task RefuseTheRuntimeRoleToWriteEvents(string sql)
    {
        var (org, owner) = await OrganizationAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() => AsAppAsync(org, owner, sql));
        Assert.Equal("42501", error.SqlState);
        Assert.NotEmpty(await EventsAsync(org));
    }

    [Fact]
    public async Task KeepEachTenantsEventsToItself()
    {
        var (org, owner) = await OrganizationAsync();
        var (other, _) = await OrganizationAsync();

        var seen = await Sql.QueryAsync(app.RuntimeDataSource, org, owner, "SELECT DISTINCT organization_id FROM audit_events");
        Assert.Equal([org], seen.Select(r => (Guid)r[0]!));
        Assert.NotEmpty(await EventsAsync(other));
    }

    private async Task<(Guid Org, Guid Owner)> OrganizationAsync()
    {
        var owner = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "owner-" + Guid.NewGuid().ToString("N")[..8]);
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("audit"), (owner, Roles.Owner));
        return (org, owner);
    }

    // One transaction as the app's runtime role, with the settings TenantCommandInterceptor hands over.
    private async Task AsAppAsync(Guid? org, Guid? user, string sql, string? ip = null, Guid? apiKey = null, params object[] args)
    {
        await using var connection = await app.RuntimeDataSource.OpenConnectionAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var settings = new NpgsqlCommand(
            "SELECT set_config('app.current_org_id', $1, true), set_config('app.current_user_id', $2, true), " +
            "set_config('app.api_key_id', $3, true), set_config('app.client_ip', $4, true)", connection, transaction))
        {
            foreach (var value in new[] { org?.ToString(), user?.ToString(), apiKey?.ToString(), ip })
                settings.Parameters.Add(new NpgsqlParameter { Value = value ?? "" });
            await settings.ExecuteNonQueryAsync(Ct);
        }
        await Sql.ReadAsync(connection, sql, args);
        await transaction.CommitAsync(Ct);
    }

    private Task<List<Dictionary<string, object?>>> EventsAsync(Guid org, params string[] actions) =>
        ReadEventsAsync("WHERE organization_id = $1 AND (cardinality($2::text[]) = 0 OR action = ANY($2))", org, actions);

    private Task<List<Dictionary<string, object?>>> EventsSinceAsync(Guid org, DateTime since) =>
        ReadEventsAsync("WHERE organization_id = $1 AND occurred_at > $2", org, since);

    private async Task<DateTime> LastEventTimeAsync(Guid org) =>
        await TestOrganizations.ScalarAsync<DateTime>(app.AdminConnectionString,
            "SELECT max(occurred_at) FROM audit_events WHERE organization_id = $1", org);

    private async Task<List<Dictionary<string, object?>>> ReadEventsAsync(string where, params object[] args)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        var rows = await Sql.ReadAsync(connection,
            "SELECT action, actor_user_id, actor_name, api_key_id, api_key_prefix, host(ip), target_id, target_label, details::text " +
            $"FROM audit_events {where} ORDER BY occurred_at, id", args);
        string[] names = ["action", "actor_user_id", "actor_name", "api_key_id", "api_key_prefix", "ip", "target_id", "target_label", "details"];
        return rows.Select(r => names.Select((n, i) => (n, r[i])).ToDictionary(p => p.n, p => p.Item2)).ToList();
    }
}
