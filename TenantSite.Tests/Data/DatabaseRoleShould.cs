using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>What the migrations install and what the runtime role may do, read from the catalog.</summary>
// A host of its own: it inspects every object of its database, where classes on the shared app may leave their own.
public sealed class DatabaseRoleShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static readonly string[] TenantTables = ["api_keys", "audit_events", "idempotent_requests", "invitations", "organization_members", "projects", "tasks"];

    [Fact]
    public async Task GiveTheRuntimeRoleNoWayAroundRowLevelSecurity()
    {
        var role = (await AdminAsync("SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles WHERE rolname = $1",
            PostgresServer.RuntimeRole)).Single();
        Assert.Equal(new object?[] { false, false, false, false, true }, role);

        var owned = await AdminAsync(
            "SELECT c.relname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1", PostgresServer.RuntimeRole);
        Assert.Empty(owned);
    }

    // The suite migrates as production should (PostgresServer): as an ordinary owner, not a superuser, so FORCE binds the
    // owner of every table and every SECURITY DEFINER function runs as a role that RLS really binds.
    [Fact]
    public async Task BeOwnedByARoleThatRowLevelSecurityBinds()
    {
        var owner = (await AdminAsync("SELECT r.rolname, r.rolsuper, r.rolbypassrls FROM pg_database d " +
            "JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = current_database()")).Single();
        Assert.Equal(new object?[] { PostgresServer.OwnerRole, false, false }, owner);

        var tableOwners = await AdminAsync("SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class " +
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v', 'm')");
        var functionOwners = await AdminAsync("SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'public'::regnamespace");
        Assert.Equal([PostgresServer.OwnerRole], tableOwners.Select(r => (string)r[0]!));
        Assert.Equal([PostgresServer.OwnerRole], functionOwners.Select(r => (string)r[0]!));

        // Bound indeed: without a tenant the owner sees none of the demo's projects, which the superuser sees.
        await using var ownerSource = NpgsqlDataSource.Create(app.OwnerConnectionString);
        Assert.Equal(0L, (await Sql.QueryWithoutTenantAsync(ownerSource, "SELECT count(*) FROM projects")).Single()[0]);
        Assert.NotEqual(0L, (await AdminAsync("SELECT count(*) FROM projects")).Single()[0]);
    }

    [Fact]
    public async Task EnableAndForceRowLevelSecurityOnEveryTenantOwnedTable()
    {
        var tables = await AdminAsync(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid " +
            "WHERE a.attname = 'organization_id' AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 1");
        Assert.Equal(TenantTables, tables.Select(t => (string)t[0]!));
        Assert.All(tables, t => Assert.Equal(new object?[] { true, true }, t[1..]));
    }

    [Fact]
    public async Task CheckReadsAndWritesInEveryTenantPolicy()
    {
        var policies = await AdminAsync(
            "SELECT tablename, cmd, qual, with_check FROM pg_policies WHERE policyname = 'tenant_isolation' ORDER BY 1");
        Assert.Equal(TenantTables, policies.Select(p => (string)p[0]!));
        Assert.All(policies, p =>
        {
            Assert.Equal("ALL", p[1]);
            Assert.Contains("tenantsite_current_org_id()", (string)p[2]!);
            Assert.Contains("tenantsite_current_org_id()", (string)p[3]!);
        });
    }

    [Fact]
    public async Task GrantTheRuntimeRoleOnlyTheDataItNeeds()
    {
        var privileges = await AdminAsync(
            "SELECT table_name, string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants " +
            "WHERE grantee = $1 GROUP BY table_name ORDER BY 1", PostgresServer.RuntimeRole);
        Assert.Equal(
        [
            "__EFMigrationsHistory:SELECT",
            // Revoking marks a key: none is deleted but with its organization.
            "api_keys:INSERT,SELECT,UPDATE",
            // Read-only: only the audit triggers write it, as its owner (AuditEventsShould).
            "audit_events:SELECT",
            // No tenant's, outside RLS (DataProtectionKeysShould, SessionRevocationsShould): what the key store and the
            // sign-out poll need, nothing more.
            "data_protection_keys:INSERT,SELECT",
            // The API's idempotent writes: claimed, answered, and taken over or deleted once a day old.
            "idempotent_requests:DELETE,INSERT,SELECT,UPDATE",
            "invitations:INSERT,SELECT,UPDATE",
            "organization_members:DELETE,INSERT,SELECT,UPDATE",
            "organizations:DELETE,SELECT,UPDATE",
            // No tenant's, outside RLS: each plan's limits, which only migrate writes.
            "plan_limits:SELECT",
            "projects:DELETE,INSERT,SELECT,UPDATE",
            // Ended sign-ins: added and polled; only tenantsite_delete_expired_sessions deletes them.
            "session_revocations:INSERT,SELECT",
            "tasks:DELETE,INSERT,SELECT,UPDATE",
            // The signed-in user's own sessions (RLS own_sessions); they end through session_revocations.
            "user_sessions:INSERT,SELECT",
            "users:SELECT",
        ], privileges.Select(p => $"{p[0]}:{p[1]}"));
    }

    // The tables of no tenant: the runtime role reads and adds keys, reads and adds ended sign-ins (deleting them only
    // through tenantsite_delete_expired_sessions, when expired), never touches the handoff codes and used logout tokens
    // but through their functions, and only reads
    // the plans' limits; it can neither rewrite nor empty them, nor change what they are. Inside a transaction that is rolled back, so the app's
    // own key ring never sees the probe.
    [Theory]
    [InlineData("INSERT INTO data_protection_keys (friendly_name, xml) VALUES ('probe', '<probe/>') RETURNING id", null)]
    [InlineData("SELECT count(*) FROM data_protection_keys", null)]
    [InlineData("UPDATE data_protection_keys SET xml = '<forged/>'", "42501")]
    [InlineData("DELETE FROM data_protection_keys", "42501")]
    [InlineData("TRUNCATE data_protection_keys", "42501")]
    [InlineData("INSERT INTO session_revocations (session_id, expires_at) VALUES ('probe', now()) RETURNING session_id", null)]
    [InlineData("SELECT count(*) FROM session_revocations", null)]
    [InlineData("DELETE FROM session_revocations WHERE expires_at <= now()", "42501")]
    [InlineData("SELECT tenantsite_delete_expired_sessions(interval '14 days')", null)]
    [InlineData("UPDATE user_sessions SET ended_at = NULL", "42501")]
    [InlineData("DELETE FROM user_sessions", "42501")]
    [InlineData("SELECT count(*) FROM session_handoffs", "42501")]
    [InlineData("DELETE FROM logout_token_uses", "42501")]
    [InlineData("UPDATE session_revocations SET expires_at = now()", "42501")]
    [InlineData("TRUNCATE session_revocations", "42501")]
    [InlineData("ALTER TABLE session_revocations ENABLE ROW LEVEL SECURITY", "42501")]
    [InlineData("ALTER TABLE data_protection_keys ADD COLUMN organization_id uuid", "42501")]
    [InlineData("SELECT count(*) FROM plan_limits", null)]
    [InlineData("UPDATE plan_limits SET max_projects = NULL", "42501")]
    [InlineData("INSERT INTO plan_limits (plan) VALUES ('gold')", "42501")]
    public async Task LetTheRuntimeRoleUseTheTablesOfNoTenantOnlyAsTheirStoresNeed(string sql, string? refused)
    {
        await using var connection = await app.RuntimeDataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        var run = () => Sql.ReadAsync(connection, sql);
        if (refused is null) await run();
        else Assert.Equal(refused, (await Assert.ThrowsAsync<PostgresException>(run)).SqlState);
        await transaction.RollbackAsync(TestContext.Current.CancellationToken);
    }

    // The narrow doors: every SECURITY DEFINER function is the runtime role's to call or nobody's (PUBLIC has none).
    // The email lookup that told whether an address had an account is gone (Invitations).
    [Fact]
    public async Task LetTheRuntimeRoleCallOnlyTheDefinerFunctionsItNeeds()
    {
        var functions = await AdminAsync(
            "SELECT p.proname, has_function_privilege($1, p.oid, 'EXECUTE'), " +
            "EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee = 0) " +
            "FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef ORDER BY 1", PostgresServer.RuntimeRole);
        Assert.Equal(
        [
            "tenantsite_answer_invitation:True",
            "tenantsite_answer_invitation_link:True",
            "tenantsite_audit:False",
            "tenantsite_authenticate_api_key:True",
            "tenantsite_check_api_key_creator:False",
            "tenantsite_check_plan_change:False",
            "tenantsite_create_organization:True",
            "tenantsite_create_session_handoff:True",
            "tenantsite_delete_expired_sessions:True",
            "tenantsite_end_provider_sessions:True",
            "tenantsite_end_revoked_sessions:False",
            "tenantsite_enforce_plan_limit:False",
            "tenantsite_invitation_link:True",
            "tenantsite_keep_one_owner:False",
            "tenantsite_pending_invitations:True",
            "tenantsite_redeem_session_handoff:True",
            "tenantsite_resolve_organization:True",
            "tenantsite_revoke_api_keys_of_member:False",
            "tenantsite_touch_sessions:True",
            "tenantsite_upsert_user:True",
        ], functions.Select(f => $"{f[0]}:{f[1]}"));
        Assert.All(functions, f => Assert.Equal(false, f[2]));
    }

    // Without SECURITY DEFINER a function runs with its caller's rights. The two that read the request's tenant and user
    // are everyone's (the policies call them); the others are the definer functions' helpers, nobody's but their owner's,
    // who calls them from inside those functions (tenantsite_audit_write from the audit trigger; the invitation doors'
    // shared answer and token lookup, AnswerInvitationsInOneFunction). Trigger functions need no grant to fire.
    [Fact]
    public async Task LeaveTheHelpersOfTheDefinerFunctionsToTheirOwner()
    {
        var functions = await AdminAsync(
            "SELECT p.proname, has_function_privilege($1, p.oid, 'EXECUTE'), " +
            "EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee = 0) " +
            "FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND NOT p.prosecdef AND p.prorettype <> 'trigger'::regtype " +
            "ORDER BY 1", PostgresServer.RuntimeRole);
        Assert.Equal(
        [
            "tenantsite_answer_found_invitation:False:False",
            "tenantsite_audit_write:False:False",
            "tenantsite_current_org_id:True:True",
            "tenantsite_current_user_id:True:True",
            "tenantsite_find_invitation_by_token:False:False",
        ], functions.Select(f => $"{f[0]}:{f[1]}:{f[2]}"));
    }

    [Fact]
    public async Task RefuseToServeWithARoleThatBypassesRowLevelSecurity()
    {
        await using var privileged = new PrivilegedFactory(app);
        var error = Assert.Throws<InvalidOperationException>(() => privileged.CreateClient());
        Assert.Contains("ignores row-level security", error.Message);
    }

    private Task<List<object?[]>> AdminAsync(string sql, params object[] args) =>
        AdminQueryAsync(app.AdminConnectionString, sql, args);

    private static async Task<List<object?[]>> AdminQueryAsync(string connectionString, string sql, object[] args)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        return await Sql.ReadAsync(connection, sql, args);
    }

    // The app pointed at the superuser connection as its "runtime" role.
    private sealed class PrivilegedFactory(TenantSiteFactory app) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:TenantSite", app.AdminConnectionString);
        }
    }
}
