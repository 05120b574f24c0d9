using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// Every app instance caches tenants (slug → id and name). A trigger on <c>organizations</c> tells them all when one is
/// created, renamed, re-slugged or deleted, by whichever writer: <c>pg_notify</c> on <c>tenantsite_organizations</c>
/// with <c>{"id", "old_slug", "new_slug"}</c> (a side is null for a creation or a deletion), sent only if the
/// transaction commits. <c>Data/OrganizationChanges.cs</c> reads it. The model is unchanged, so the snapshot is too.
/// </summary>
public sealed partial class OrganizationChangeNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- SECURITY INVOKER: it reads only the row that fired it, and anyone may NOTIFY.
            CREATE FUNCTION tenantsite_notify_organization_change() RETURNS trigger
                LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
                AS $$
                DECLARE
                    v_id uuid;
                    v_old_slug text;
                    v_new_slug text;
                BEGIN
                    IF TG_OP <> 'INSERT' THEN v_id := OLD.id; v_old_slug := OLD.slug; END IF;
                    IF TG_OP <> 'DELETE' THEN v_id := NEW.id; v_new_slug := NEW.slug; END IF;
                    -- Setting a column to the value it had changes nothing a cached tenant holds.
                    IF TG_OP = 'UPDATE' AND v_old_slug = v_new_slug AND NEW.name IS NOT DISTINCT FROM OLD.name THEN
                        RETURN NULL;
                    END IF;
                    PERFORM pg_notify('tenantsite_organizations',
                        json_build_object('id', v_id, 'old_slug', v_old_slug, 'new_slug', v_new_slug)::text);
                    RETURN NULL;
                END
                $$;
            REVOKE EXECUTE ON FUNCTION tenantsite_notify_organization_change() FROM PUBLIC;

            CREATE TRIGGER tr_organizations_notify_change
                AFTER INSERT OR UPDATE OF name, slug OR DELETE ON organizations
                FOR EACH ROW EXECUTE FUNCTION tenantsite_notify_organization_change();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER tr_organizations_notify_change ON organizations;
            DROP FUNCTION tenantsite_notify_organization_change();
            """);
    }
}
