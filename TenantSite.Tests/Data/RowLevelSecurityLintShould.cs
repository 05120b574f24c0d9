using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The row-level security lint over the live catalog of the migrated database, and proof that it would catch what a
/// later migration could get wrong: each rule broken on purpose in a throwaway database (or by a throwaway role).
/// </summary>
public sealed class RowLevelSecurityLintShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task FindNothingWrongInTheMigratedDatabase()
    {
        var report = await RowLevelSecurityLint.CheckAsync(app.AdminConnectionString, PostgresServer.RuntimeRole);

        Assert.True(report.Violations.Count == 0, string.Join("\n", report.Violations));
        // Not vacuous: it saw the tenant tables and the definer functions the migrations made.
        Assert.Superset(new HashSet<string> { "organization_members", "projects", "tasks" }, report.TenantTables.ToHashSet());
        Assert.Contains("tenantsite_resolve_organization(text)", report.DefinerFunctions);
        Assert.Contains("tenantsite_keep_one_owner()", report.DefinerFunctions);
        Assert.Equal(RowLevelSecurityLint.TenantlessTables, report.TenantlessTables);
    }

    [Fact]
    public async Task FlagATableTheRuntimeRoleMayUseWithoutRowLevelSecurityUnlessItBelongsToNoTenant()
    {
        var violations = await LintThrowawayAsync($"""
            CREATE TABLE audit_entries (entry text NOT NULL);
            GRANT SELECT, INSERT ON audit_entries TO {PostgresServer.RuntimeRole};
            CREATE TABLE owner_notes (note text NOT NULL);
            """);

        Assert.Equal([$"audit_entries: {PostgresServer.RuntimeRole} may use it without row-level security, and it is not listed as belonging to no tenant"],
            violations.Where(v => v.StartsWith("audit_entries:", StringComparison.Ordinal) || v.StartsWith("owner_notes:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FlagANewTenantTableWithoutRowLevelSecurityOrWithWeakPolicies()
    {
        var violations = await LintThrowawayAsync($"""
            CREATE TABLE attachments (organization_id uuid NOT NULL, file_name text NOT NULL);

            CREATE TABLE labels (organization_id uuid NOT NULL, name text NOT NULL);
            ALTER TABLE labels ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON labels FOR ALL USING (organization_id = (SELECT tenantsite_current_org_id()));

            CREATE TABLE comments (organization_id uuid NOT NULL, body text NOT NULL);
            ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
            ALTER TABLE comments FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON comments FOR ALL
                USING (organization_id = (SELECT tenantsite_current_org_id()))
                WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));
            CREATE POLICY everyone_reads ON comments FOR SELECT USING (true);
            CREATE POLICY app_reads ON comments FOR SELECT TO {PostgresServer.RuntimeRole} USING (true);
            -- For the owner alone (a definer function's narrow lookup, as api_keys has): nothing opens to the app.
            CREATE POLICY owner_reads ON comments FOR SELECT TO CURRENT_USER USING (true);
            """);

        Assert.Contains("attachments: row-level security is not enabled", violations);
        Assert.Contains("attachments: row-level security is not forced (its owner would bypass it)", violations);
        Assert.Contains("attachments: has no policy", violations);
        Assert.Contains("labels: row-level security is not forced (its owner would bypass it)", violations);
        Assert.Contains("labels: policy tenant_isolation (FOR ALL) has no WITH CHECK", violations);
        Assert.Contains(violations, v => v.StartsWith("labels: no policy FOR ALL ties organization_id", StringComparison.Ordinal));
        Assert.Equal(["comments: policy app_reads (FOR SELECT) is bound to neither the current tenant nor the current user: true",
                      "comments: policy everyone_reads (FOR SELECT) is bound to neither the current tenant nor the current user: true"],
            violations.Where(v => v.StartsWith("comments:", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FlagDefinerFunctionsWithAnOpenSearchPathOrTooManyCallers()
    {
        var violations = await LintThrowawayAsync($"""
            CREATE FUNCTION lint_unpinned() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
            CREATE FUNCTION lint_temp_first() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_temp, pg_catalog AS 'SELECT 1';
            CREATE FUNCTION lint_user_schema() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = "$user", pg_catalog, pg_temp AS 'SELECT 1';
            CREATE FUNCTION lint_monitored() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS 'SELECT 1';
            CREATE FUNCTION lint_trigger() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS 'BEGIN RETURN NULL; END';
            REVOKE EXECUTE ON FUNCTION lint_temp_first(), lint_user_schema(), lint_monitored(), lint_trigger() FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION lint_monitored() TO pg_monitor;
            GRANT EXECUTE ON FUNCTION lint_trigger() TO {PostgresServer.RuntimeRole};
            """);

        Assert.Equal(
        [
            "lint_monitored(): pg_monitor may execute it, and only tenantsite_app needs to",
            "lint_temp_first(): search_path \"pg_temp, pg_catalog\" does not end with pg_temp",
            "lint_trigger(): a trigger function, yet tenantsite_app may execute it (firing needs no grant)",
            "lint_unpinned(): PUBLIC may execute it, and only tenantsite_app needs to",
            "lint_unpinned(): SECURITY DEFINER without a pinned search_path",
            "lint_user_schema(): search_path names $user, which does not exist or where its callers may create objects",
        ], violations.Where(v => v.StartsWith("lint_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FlagARuntimeRoleThatOwnsATableOrCanActAsAPrivilegedRole()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (probe, owner, bypass) = ($"lint_app_{suffix}", $"lint_owner_{suffix}", $"lint_bypass_{suffix}");
        var database = await app.Postgres.CreateDatabaseAsync();
        try
        {
            await ExecAsync(database, $"""
                CREATE ROLE {owner} NOLOGIN;
                CREATE ROLE {bypass} NOLOGIN BYPASSRLS;
                CREATE ROLE {probe} NOLOGIN IN ROLE {owner}, {bypass};
                CREATE TABLE lint_owned (id int);
                ALTER TABLE lint_owned OWNER TO {owner};
                ALTER TABLE projects OWNER TO {PostgresServer.RuntimeRole};
                """);

            var probed = (await RowLevelSecurityLint.CheckAsync(app.Postgres.Admin(database), probe)).Violations;
            var runtime = (await RowLevelSecurityLint.CheckAsync(app.Postgres.Admin(database), PostgresServer.RuntimeRole)).Violations;

            Assert.Contains($"role {probe} can act as {bypass}, a superuser or BYPASSRLS role", probed);
            Assert.Contains($"role {probe} can act as {owner}, which owns relation lint_owned", probed);
            Assert.Contains($"role {PostgresServer.RuntimeRole} owns relation projects", runtime);
        }
        finally
        {
            await ExecAsync(database, $"DROP OWNED BY {owner}; DROP ROLE IF EXISTS {probe}, {owner}, {bypass};");
        }
    }

    [Fact]
    public async Task FlagARuntimeRoleWithBypassRlsOrSuperuser()
    {
        var role = $"lint_super_{Guid.NewGuid():N}"[..24];
        await ExecAsync("postgres", $"CREATE ROLE {role} NOLOGIN SUPERUSER BYPASSRLS");
        try
        {
            var violations = (await RowLevelSecurityLint.CheckAsync(app.AdminConnectionString, role)).Violations;

            Assert.Contains($"role {role} is a superuser", violations);
            Assert.Contains($"role {role} has BYPASSRLS", violations);
        }
        finally
        {
            await ExecAsync("postgres", $"DROP ROLE {role}");
        }
    }

    // A fresh copy of the migrated database with <paramref name="sql"/> applied, linted for the runtime role.
    private async Task<IReadOnlyList<string>> LintThrowawayAsync(string sql)
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await ExecAsync(database, sql);
        return (await RowLevelSecurityLint.CheckAsync(app.Postgres.Admin(database), PostgresServer.RuntimeRole)).Violations;
    }

    private async Task ExecAsync(string database, string sql)
    {
        var source = AdminSources.For(app.Postgres.Admin(database));
        await PostgresServer.Exec(source, sql);
    }
}
