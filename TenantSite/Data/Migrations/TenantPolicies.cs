using System.Text.RegularExpressions;

namespace TenantSite.Data.Migrations;

/// <summary>
/// The row-level security of a tenant-owned table, as SQL for <c>migrationBuilder.Sql</c> in a new migration:
/// <see cref="Enable"/> in <c>Up()</c>, <see cref="Disable"/> in <c>Down()</c>. The migrations before it spell the same
/// block out per table; they stay as they are.
/// </summary>
/// <remarks>
/// Never change what these return: a migration that called them is history, and a fresh database would get the changed
/// SQL from it. A table that needs another policy gets a new method, or its own SQL.
/// </remarks>
public static partial class TenantPolicies
{
    /// <summary>
    /// ENABLE and FORCE (so the table's owner, whom the definer functions run as, is bound too) and one policy,
    /// <c>tenant_isolation</c>, for every command: USING and WITH CHECK tie <c>organization_id</c> to the request's
    /// tenant, which is NULL without one, so it matches nothing then.
    /// </summary>
    public static string Enable(string table) => $"""
        ALTER TABLE {Checked(table)} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON {table} FOR ALL
            USING (organization_id = (SELECT tenantsite_current_org_id()))
            WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));
        """;

    /// <summary>What <see cref="Enable"/> did, undone.</summary>
    public static string Disable(string table) => $"""
        DROP POLICY tenant_isolation ON {Checked(table)};
        ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
        """;

    // The tables' names are snake_case identifiers written in the migration itself; anything else is a mistake.
    private static string Checked(string table) => PlainName().IsMatch(table)
        ? table
        : throw new ArgumentException($"\"{table}\" is not a lower-case table name.", nameof(table));

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex PlainName();
}
