using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The database layer alone: raw SQL as the runtime role, no EF query filters, no SaveChanges checks.
/// RLS must still isolate every tenant and fail closed.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class RowLevelSecurityShould(TenantSiteFactory app) : RowLevelSecurityTests(app), IClassFixture<TenantSiteFactory>;

/// <summary>The same, with the runtime role's connections through PgBouncer in transaction mode.</summary>
public sealed class RowLevelSecurityThroughPgBouncerShould(PgBouncerAppFactory app) : RowLevelSecurityTests(app), IClassFixture<PgBouncerAppFactory>;

/// <summary>The tests of <see cref="RowLevelSecurityShould"/>, over whichever runtime connection the fixture gives.</summary>
public abstract class RowLevelSecurityTests(TenantSiteFactory app)
{
    private DemoData Demo => app.Demo;
    private NpgsqlDataSource Runtime => app.RuntimeDataSource;

    [Theory]
    [InlineData("projects")]
    [InlineData("tasks")]
    [InlineData("organization_members")]
    [InlineData("invitations")]
    public async Task ReturnZeroRowsWithoutErrorWhenNoTenantIsSet(string table)
    {
        Assert.Empty(await Sql.QueryWithoutTenantAsync(Runtime, $"SELECT * FROM {table}"));
        Assert.Empty(await Sql.QueryAsync(Runtime, null, null, $"SELECT * FROM {table}"));
    }

    [Fact]
    public async Task ReturnZeroRowsOnAPooledConnectionJustUsedByAnotherTenant()
    {
        await using var single = NpgsqlDataSource.Create(app.RuntimeConnectionString(maxPoolSize: 1));
        var acme = await Sql.QueryAsync(single, Demo.Acme, Demo.Alice, "SELECT name FROM projects");
        Assert.NotEmpty(acme);

        // Same physical connection (pool of one): the transaction-local setting ended with its transaction.
        Assert.Empty(await Sql.QueryWithoutTenantAsync(single, "SELECT name FROM projects"));
        var setting = await Sql.QueryWithoutTenantAsync(single, "SELECT current_setting('app.current_org_id', true)");
        Assert.True(setting[0][0] is null or "", "the tenant setting must not outlive its transaction");
    }

    [Fact]
    public async Task ShowOrgAOnlyItsProjectsAndOrgBOnlyItsOwn()
    {
        var acme = Names(await Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice, "SELECT name, organization_id FROM projects"));
        var globex = Names(await Sql.QueryAsync(Runtime, Demo.Globex, Demo.Carol, "SELECT name, organization_id FROM projects"));

        Assert.Equal(["Q3 planning", "Rocket skates", "Website relaunch"], acme.Order());
        Assert.Equal(["Hammock district", "Magma research"], globex.Order());
    }

    [Fact]
    public async Task HideOtherTenantsRowsEvenWhenAskedForByKey()
    {
        var globexProject = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM projects WHERE name = 'Hammock district'");
        Assert.Empty(await Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "SELECT * FROM projects WHERE organization_id = $1 AND id = $2", Demo.Globex, globexProject));
        Assert.Empty(await Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "SELECT * FROM tasks WHERE project_id = $1", globexProject));
    }

    [Fact]
    public async Task RejectInsertingARowIntoAnotherTenant()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "INSERT INTO projects (organization_id, name) VALUES ($1, 'planted')", Demo.Globex));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState); // new row violates row-level security policy
    }

    [Fact]
    public async Task RejectWritesWhenNoTenantIsSet()
    {
        await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryWithoutTenantAsync(Runtime,
            "INSERT INTO projects (organization_id, name) VALUES ($1, 'orphan')", Demo.Acme));
        Assert.Empty(await Sql.QueryWithoutTenantAsync(Runtime, "UPDATE projects SET name = 'x' RETURNING id"));
        Assert.Empty(await Sql.QueryWithoutTenantAsync(Runtime, "DELETE FROM tasks RETURNING id"));
        Assert.Equal(8L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks"));
    }

    [Fact]
    public async Task RejectMovingARowIntoAnotherTenant()
    {
        await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "UPDATE projects SET organization_id = $1 WHERE name = 'Q3 planning'", Demo.Globex));
        Assert.Empty(await Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "UPDATE projects SET name = 'stolen' WHERE organization_id = $1 RETURNING id", Demo.Globex));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM projects WHERE name = 'stolen'"));
    }

    [Fact]
    public async Task RejectATaskPointingAtAnotherTenantsProject()
    {
        var globexProject = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM projects WHERE name = 'Hammock district'");
        // Within acme: the composite foreign key (organization_id, project_id) finds no such project.
        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, 'sneaky')", Demo.Acme, globexProject));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
        // Claiming globex's organization_id instead: RLS rejects the row.
        await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, 'sneaky')", Demo.Globex, globexProject));
    }

    [Fact]
    public async Task ShowAUserOnlyTheirOwnMembershipsOutsideTheCurrentTenant()
    {
        var rows = await Sql.QueryAsync(Runtime, null, Demo.Bob, "SELECT organization_id, user_id FROM organization_members");
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(Demo.Bob, r[1]));

        var orgs = await Sql.QueryAsync(Runtime, null, Demo.Alice, "SELECT slug FROM organizations");
        Assert.Equal(["acme"], orgs.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task LetNoOneCreateOrganizationsExceptThroughTheDefinerFunction()
    {
        await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, null, Demo.Alice,
            "INSERT INTO organizations (name, slug) VALUES ('Rogue', 'rogue')"));
        await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryWithoutTenantAsync(Runtime,
            "SELECT tenantsite_create_organization('Nobody', 'nobody')"));
        Assert.Empty(await Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice,
            "UPDATE organizations SET name = 'Taken' WHERE slug = 'globex' RETURNING id"));
    }

    [Fact]
    public async Task ResolveSlugsWithoutATenant()
    {
        var resolved = await Sql.QueryWithoutTenantAsync(Runtime, "SELECT id FROM tenantsite_resolve_organization('GLOBEX')");
        Assert.Equal(Demo.Globex, resolved.Single()[0]);
    }

    [Fact]
    public async Task KeepOneOrganizationsInvitationsFromAnotherAndFromTheInvitee()
    {
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, Demo.Acme, "carol@example.com", "member");
        const string byId = "SELECT email FROM invitations WHERE id = $1";

        Assert.Equal("carol@example.com", (await Sql.QueryAsync(Runtime, Demo.Acme, Demo.Alice, byId, invitation)).Single()[0]);
        Assert.Empty(await Sql.QueryAsync(Runtime, Demo.Globex, Demo.Carol, byId, invitation));
        // The invitee, before any tenant: only the definer functions reach their invitations, never a plain SELECT.
        Assert.Empty(await Sql.QueryAsync(Runtime, null, Demo.Carol, byId, invitation));
        Assert.Empty(await Sql.QueryAsync(Runtime, Demo.Globex, Demo.Carol,
            "UPDATE invitations SET role = 'owner' WHERE id = $1 RETURNING id", invitation));
        await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, Demo.Globex, Demo.Carol,
            "INSERT INTO invitations (organization_id, email, role, expires_at) VALUES ($1, 'eve@example.com', 'owner', now())", Demo.Acme));
    }

    [Theory]
    [InlineData("SELECT * FROM tenantsite_pending_invitations()")]
    [InlineData("SELECT * FROM tenantsite_answer_invitation(gen_random_uuid(), true)")]
    public async Task RefuseTheInvitationDoorsWithoutASignedInUser(string call)
    {
        var withoutSettings = await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryWithoutTenantAsync(Runtime, call));
        var withATenantOnly = await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, Demo.Acme, null, call));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, withoutSettings.SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, withATenantOnly.SqlState);
    }

    private static string[] Names(List<object?[]> rows) => rows.Select(r => (string)r[0]!).ToArray();
}
