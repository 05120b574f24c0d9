using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// The database layer of isolation. The app hands the tenant over per transaction with
/// <c>set_config('app.current_org_id', …, true)</c>; outside such a transaction the setting reads as '' (or is
/// absent), which <c>nullif</c> turns into NULL, so every policy is fail-closed: no rows, no writes.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000200_RowLevelSecurity")]
public sealed class RowLevelSecurity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- STABLE, and always called as (SELECT …) in policies: the planner evaluates it once per statement as an
            -- InitPlan and can use the tenant-first indexes, instead of calling it per row.
            CREATE FUNCTION tenantsite_current_org_id() RETURNS uuid
                LANGUAGE sql STABLE PARALLEL SAFE
                AS $$ SELECT nullif(current_setting('app.current_org_id', true), '')::uuid $$;
            CREATE FUNCTION tenantsite_current_user_id() RETURNS uuid
                LANGUAGE sql STABLE PARALLEL SAFE
                AS $$ SELECT nullif(current_setting('app.current_user_id', true), '')::uuid $$;

            -- Tenant-owned tables: FORCE so that even the owner is filtered; one policy for every command.
            ALTER TABLE projects ENABLE ROW LEVEL SECURITY;
            ALTER TABLE projects FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON projects FOR ALL
                USING (organization_id = (SELECT tenantsite_current_org_id()))
                WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));

            ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
            ALTER TABLE tasks FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON tasks FOR ALL
                USING (organization_id = (SELECT tenantsite_current_org_id()))
                WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));

            ALTER TABLE organization_members ENABLE ROW LEVEL SECURITY;
            ALTER TABLE organization_members FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON organization_members FOR ALL
                USING (organization_id = (SELECT tenantsite_current_org_id()))
                WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));
            -- Before a tenant is chosen, a user may read their own memberships elsewhere (the switcher); permissive
            -- policies OR together for SELECT only, so this grants no writes.
            CREATE POLICY own_memberships ON organization_members FOR SELECT
                USING (user_id = (SELECT tenantsite_current_user_id()));

            -- organizations and users are not tenant-owned and not FORCEd: the SECURITY DEFINER functions below run
            -- as their owner and must read them; the runtime role never owns them, so these policies bind it.
            ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
            CREATE POLICY member_read ON organizations FOR SELECT
                USING (id = (SELECT tenantsite_current_org_id())
                       OR EXISTS (SELECT 1 FROM organization_members m
                                  WHERE m.organization_id = organizations.id
                                    AND m.user_id = (SELECT tenantsite_current_user_id())));
            CREATE POLICY current_update ON organizations FOR UPDATE
                USING (id = (SELECT tenantsite_current_org_id()))
                WITH CHECK (id = (SELECT tenantsite_current_org_id()));
            CREATE POLICY current_delete ON organizations FOR DELETE
                USING (id = (SELECT tenantsite_current_org_id()));

            ALTER TABLE users ENABLE ROW LEVEL SECURITY;
            CREATE POLICY self_or_fellow_member_read ON users FOR SELECT
                USING (id = (SELECT tenantsite_current_user_id())
                       OR EXISTS (SELECT 1 FROM organization_members m
                                  WHERE m.user_id = users.id
                                    AND m.organization_id = (SELECT tenantsite_current_org_id())));
            """);

        migrationBuilder.Sql(DefinerFunctions);
    }

    // Narrow doors for what must happen before (or outside) a tenant: each runs as the owner with a fixed
    // search_path and fully qualified names, does one thing, and is executable only by the runtime role.
    private const string DefinerFunctions = """
        CREATE FUNCTION tenantsite_resolve_organization(p_slug text)
            RETURNS TABLE (id uuid, slug text, name text)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$ SELECT o.id, o.slug, o.name FROM public.organizations o WHERE o.slug = lower(p_slug) $$;

        CREATE FUNCTION tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text)
            RETURNS uuid
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
                INSERT INTO public.users AS u (issuer, subject, email, name)
                VALUES (p_issuer, p_subject, lower(p_email), p_name)
                ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, name = excluded.name
                RETURNING u.id
            $$;

        -- Creates an organization owned by the signed-in user (app.current_user_id), or raises.
        CREATE FUNCTION tenantsite_create_organization(p_name text, p_slug text)
            RETURNS uuid
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_user uuid := public.tenantsite_current_user_id();
                v_org uuid;
                v_previous text := current_setting('app.current_org_id', true);
            BEGIN
                IF v_user IS NULL THEN
                    RAISE EXCEPTION 'no signed-in user' USING ERRCODE = '42501';
                END IF;
                INSERT INTO public.organizations (name, slug) VALUES (p_name, p_slug) RETURNING id INTO v_org;
                -- organization_members is FORCEd: enter the new tenant for the owner row, then restore.
                PERFORM set_config('app.current_org_id', v_org::text, true);
                INSERT INTO public.organization_members (organization_id, user_id, role) VALUES (v_org, v_user, 'owner');
                PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
                RETURN v_org;
            END
            $$;

        -- For "add member by email": answers only an owner or admin of the current organization.
        CREATE FUNCTION tenantsite_find_user_by_email(p_email text)
            RETURNS uuid
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
                SELECT u.id FROM public.users u
                WHERE u.email = lower(p_email)
                  AND EXISTS (SELECT 1 FROM public.organization_members m
                              WHERE m.organization_id = public.tenantsite_current_org_id()
                                AND m.user_id = public.tenantsite_current_user_id()
                                AND m.role IN ('owner', 'admin'))
                ORDER BY u.created_at
                LIMIT 1
            $$;

        REVOKE EXECUTE ON FUNCTION tenantsite_resolve_organization(text), tenantsite_upsert_user(text, text, text, text),
            tenantsite_create_organization(text, text), tenantsite_find_user_by_email(text) FROM PUBLIC;
        """;

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP FUNCTION tenantsite_find_user_by_email(text), tenantsite_create_organization(text, text),
                tenantsite_upsert_user(text, text, text, text), tenantsite_resolve_organization(text);
            DROP POLICY self_or_fellow_member_read ON users;
            ALTER TABLE users DISABLE ROW LEVEL SECURITY;
            DROP POLICY member_read ON organizations;
            DROP POLICY current_update ON organizations;
            DROP POLICY current_delete ON organizations;
            ALTER TABLE organizations DISABLE ROW LEVEL SECURITY;
            DROP POLICY own_memberships ON organization_members;
            DROP POLICY tenant_isolation ON organization_members;
            DROP POLICY tenant_isolation ON tasks;
            DROP POLICY tenant_isolation ON projects;
            ALTER TABLE organization_members NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
            ALTER TABLE tasks NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
            ALTER TABLE projects NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
            DROP FUNCTION tenantsite_current_user_id(), tenantsite_current_org_id();
            """);
    }
}
