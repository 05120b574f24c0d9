using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>What the lint looked at, and every rule broken, one line each (empty: none).</summary>
public sealed record LintReport(IReadOnlyList<string> TenantTables, IReadOnlyList<string> TenantlessTables,
    IReadOnlyList<string> DefinerFunctions, IReadOnlyList<string> Violations);

/// <summary>
/// The database layer of isolation, read from a live catalog rather than from the migrations that meant to set it up:
/// <list type="bullet">
/// <item>every table with an <c>organization_id</c> has row-level security enabled and forced, and a policy for all
/// commands that ties <c>organization_id</c> to <c>tenantsite_current_org_id()</c> in both USING and WITH CHECK; every
/// policy has the USING and WITH CHECK its command needs, and no permissive one is bound to anything but the request's
/// tenant or user;</item>
/// <item>every other table the runtime role may read or write has row-level security enabled too, unless it is one of
/// the <see cref="TenantlessTables"/>;</item>
/// <item>the runtime role is no superuser, has no BYPASSRLS, owns nothing and cannot act as any role that does;</item>
/// <item>every SECURITY DEFINER function pins a search_path that ends with pg_temp and names no schema its callers may
/// create objects in, and only the runtime role may execute it (nobody, for a trigger function).</item>
/// </list>
/// A table, function or grant added later is read like the rest: nothing here lists them, except the tables that are
/// deliberately no tenant's.
/// </summary>
public static class RowLevelSecurityLint
{
    /// <summary>
    /// The tables the runtime role uses without row-level security, because their rows belong to no tenant: the
    /// data-protection key ring every instance shares, the signed-out sessions every instance polls, EF's migration
    /// history, which the readiness probe reads, and each plan's limits (the same for every organization; the runtime
    /// role only reads them, and only <c>migrate</c> writes them).
    /// </summary>
    public static readonly IReadOnlyList<string> TenantlessTables =
        ["\"__EFMigrationsHistory\"", "data_protection_keys", "plan_limits", "session_revocations"];

    private const string UserSchemas =
        "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";

    public static async Task<LintReport> CheckAsync(string adminConnectionString, string runtimeRole)
    {
        var source = AdminSources.For(adminConnectionString);
        await using var connection = await source.OpenConnectionAsync();
        var violations = new List<string>();
        var tables = await TenantTablesAsync(connection, runtimeRole, violations);
        var tenantless = await TablesWithoutRowLevelSecurityAsync(connection, runtimeRole, violations);
        await RuntimeRoleAsync(connection, runtimeRole, violations);
        var functions = await DefinerFunctionsAsync(connection, runtimeRole, violations);
        return new LintReport(tables, tenantless, functions, violations);
    }

    // Without organization_id a table is not checked as a tenant's: one the runtime role may use must still say why it
    // needs no RLS, by being listed. Returns the listed ones found.
    private static async Task<IReadOnlyList<string>> TablesWithoutRowLevelSecurityAsync(NpgsqlConnection connection, string role,
        List<string> violations)
    {
        var open = await Sql.ReadAsync(connection, $"""
            SELECT c.oid::regclass::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {UserSchemas} AND NOT c.relrowsecurity
              AND has_table_privilege($1, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')
            ORDER BY 1
            """, role);
        var names = open.Select(t => (string)t[0]!).ToList();
        violations.AddRange(names.Where(t => !TenantlessTables.Contains(t)).Select(t =>
            $"{t}: {role} may use it without row-level security, and it is not listed as belonging to no tenant"));
        return names.Where(TenantlessTables.Contains).ToArray();
    }

    private static async Task<IReadOnlyList<string>> TenantTablesAsync(NpgsqlConnection connection, string role, List<string> violations)
    {
        var tables = await Sql.ReadAsync(connection, $"""
            SELECT c.oid::regclass::text, c.relrowsecurity, c.relforcerowsecurity
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND {UserSchemas}
              AND EXISTS (SELECT 1 FROM pg_attribute a
                          WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND a.attnum > 0 AND NOT a.attisdropped)
            ORDER BY 1
            """);
        var policies = await Sql.ReadAsync(connection, """
            SELECT p.polrelid::regclass::text, p.polname,
                   CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                   p.polpermissive, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid),
                   0 = ANY (p.polroles) OR EXISTS (SELECT 1 FROM unnest(p.polroles) r WHERE pg_has_role($1, r, 'MEMBER'))
            FROM pg_policy p
            """, role);
        foreach (var row in tables)
        {
            var table = (string)row[0]!;
            if (row[1] is not true) violations.Add($"{table}: row-level security is not enabled");
            if (row[2] is not true) violations.Add($"{table}: row-level security is not forced (its owner would bypass it)");
            var own = policies.Where(p => (string)p[0]! == table)
                .Select(p => new Policy((string)p[1]!, (string)p[2]!, (bool)p[3]!, (string?)p[4], (string?)p[5], (bool)p[6]!)).ToList();
            if (own.Count == 0) violations.Add($"{table}: has no policy");
            foreach (var policy in own) violations.AddRange(policy.Problems().Select(problem => $"{table}: policy {policy.Name} {problem}"));
            if (own.Count > 0 && !own.Any(p => p.IsTenantIsolation))
                violations.Add($"{table}: no policy FOR ALL ties organization_id to tenantsite_current_org_id() in both USING and WITH CHECK");
        }
        return tables.Select(t => (string)t[0]!).ToArray();
    }

    // AppliesToRuntimeRole: the policy is for PUBLIC, or for a role the runtime role is (or can act as). One only for
    // other roles (the owner's narrow lookups in the definer functions, TO CURRENT_USER) opens nothing to the app.
    private sealed record Policy(string Name, string Command, bool Permissive, string? Using, string? WithCheck, bool AppliesToRuntimeRole)
    {
        private const string Tenant = "tenantsite_current_org_id()";
        private const string User = "tenantsite_current_user_id()";

        public bool IsTenantIsolation => Command == "ALL" && Permissive && TiesTenant(Using) && TiesTenant(WithCheck);

        public IEnumerable<string> Problems()
        {
            if (Command is "ALL" or "SELECT" or "UPDATE" or "DELETE" && Using is null) yield return $"(FOR {Command}) has no USING";
            if (Command is "ALL" or "INSERT" or "UPDATE" && WithCheck is null) yield return $"(FOR {Command}) has no WITH CHECK";
            // Permissive policies OR together: one that is not bound to the request's tenant or user opens the table.
            foreach (var expression in new[] { Using, WithCheck }.OfType<string>())
            {
                if (Permissive && AppliesToRuntimeRole && !expression.Contains(Tenant, StringComparison.Ordinal) && !expression.Contains(User, StringComparison.Ordinal))
                    yield return $"(FOR {Command}) is bound to neither the current tenant nor the current user: {expression}";
            }
        }

        private static bool TiesTenant(string? expression) =>
            expression is not null && expression.Contains("organization_id", StringComparison.Ordinal) && expression.Contains(Tenant, StringComparison.Ordinal);
    }

    private static async Task RuntimeRoleAsync(NpgsqlConnection connection, string role, List<string> violations)
    {
        var attributes = await Sql.ReadAsync(connection, "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1", role);
        if (attributes is not [var found])
        {
            violations.Add($"role {role} does not exist");
            return;
        }
        if (found[0] is true) violations.Add($"role {role} is a superuser");
        if (found[1] is true) violations.Add($"role {role} has BYPASSRLS");

        // Membership counts as much as the attribute or the ownership itself: SET ROLE is all it takes.
        var privileged = await Sql.ReadAsync(connection,
            "SELECT rolname FROM pg_roles WHERE rolname <> $1 AND (rolsuper OR rolbypassrls) AND pg_has_role($1, oid, 'MEMBER') ORDER BY 1", role);
        violations.AddRange(privileged.Select(r => $"role {role} can act as {r[0]}, a superuser or BYPASSRLS role"));
        var owned = await Sql.ReadAsync(connection, $"""
            SELECT o.kind || ' ' || o.name, pg_get_userbyid(o.owner) FROM (
                SELECT 'relation' AS kind, c.oid::regclass::text AS name, c.relowner AS owner
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {UserSchemas}
                UNION ALL SELECT 'function', p.oid::regprocedure::text, p.proowner
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {UserSchemas}
                UNION ALL SELECT 'schema', n.nspname, n.nspowner FROM pg_namespace n WHERE {UserSchemas}
                UNION ALL SELECT 'database', datname, datdba FROM pg_database WHERE datname = current_database()
            ) o WHERE pg_has_role($1, o.owner, 'MEMBER') ORDER BY 1
            """, role);
        violations.AddRange(owned.Select(o => (string)o[1]! == role
            ? $"role {role} owns {o[0]}"
            : $"role {role} can act as {o[1]}, which owns {o[0]}"));
    }

    private static async Task<IReadOnlyList<string>> DefinerFunctionsAsync(NpgsqlConnection connection, string role, List<string> violations)
    {
        // Grantees of EXECUTE besides the owner; no ACL at all means the default, which grants PUBLIC.
        var functions = await Sql.ReadAsync(connection, $"""
            SELECT p.oid::regprocedure::text,
                   (SELECT substr(c, length('search_path=') + 1) FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%'),
                   p.prorettype IN ('trigger'::regtype, 'event_trigger'::regtype),
                   array(SELECT coalesce(r.rolname, 'PUBLIC')
                         FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a LEFT JOIN pg_roles r ON r.oid = a.grantee
                         WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1)
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prosecdef AND {UserSchemas}
            ORDER BY 1
            """);
        foreach (var row in functions)
        {
            var function = (string)row[0]!;
            if (row[1] is not string searchPath) violations.Add($"{function}: SECURITY DEFINER without a pinned search_path");
            else await CheckSearchPathAsync(connection, function, searchPath, role, violations);

            foreach (var grantee in (string[])row[3]!)
            {
                if (row[2] is true) violations.Add($"{function}: a trigger function, yet {grantee} may execute it (firing needs no grant)");
                else if (grantee != role) violations.Add($"{function}: {grantee} may execute it, and only {role} needs to");
            }
        }
        return functions.Select(f => (string)f[0]!).ToArray();
    }

    // pg_temp is searched first unless named last; a schema the callers may create objects in lets them shadow names.
    private static async Task CheckSearchPathAsync(NpgsqlConnection connection, string function, string searchPath, string role,
        List<string> violations)
    {
        var schemas = searchPath.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('"')).ToArray();
        if (schemas is not [.., "pg_temp"]) violations.Add($"{function}: search_path \"{searchPath}\" does not end with pg_temp");
        foreach (var schema in schemas.Where(s => s is not ("pg_catalog" or "pg_temp")))
        {
            var writable = await Sql.ReadAsync(connection, """
                SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) THEN true
                            ELSE has_schema_privilege('public', $1, 'CREATE') OR has_schema_privilege($2, $1, 'CREATE') END
                """, schema, role);
            if (writable[0][0] is true)
                violations.Add($"{function}: search_path names {schema}, which does not exist or where its callers may create objects");
        }
    }
}
