namespace TenantSite.Data.Migrations;

// The SQL half of the PlanLimits migration: what the EF model does not describe.
public partial class PlanLimits
{
    // Until migrate writes the configured limits (Billing:Plans), the defaults: a plan without a row refuses every row.
    private const string DefaultLimits = """
        INSERT INTO plan_limits (plan, max_projects, max_members) VALUES ('free', 3, 5), ('pro', 50, 50), ('enterprise', NULL, NULL);
        """;

    private const string Triggers = """
        -- Before a project or a member is added: refuses it when the organization has as many as its plan allows. The
        -- organization's row is locked first (FOR NO KEY UPDATE, which the foreign keys' KEY SHARE does not wait for),
        -- so concurrent inserts into one organization, and a change of its plan, take turns: each counts, with a fresh
        -- snapshot, what the one before it committed. The message names the organization, the count and the plan.
        CREATE FUNCTION tenantsite_enforce_plan_limit() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_previous text := current_setting('app.current_org_id', true);
                v_org record;
                v_limit integer;
                v_count bigint;
                v_what text := CASE TG_TABLE_NAME WHEN 'projects' THEN 'projects' ELSE 'members' END;
            BEGIN
                SELECT o.name, o.plan INTO v_org FROM public.organizations o WHERE o.id = NEW.organization_id FOR NO KEY UPDATE;
                IF NOT FOUND THEN
                    RETURN NEW; -- the foreign key refuses it
                END IF;
                SELECT CASE TG_TABLE_NAME WHEN 'projects' THEN l.max_projects ELSE l.max_members END INTO STRICT v_limit
                FROM public.plan_limits l WHERE l.plan = v_org.plan;
                IF v_limit IS NULL THEN
                    RETURN NEW;
                END IF;
                -- projects and organization_members are FORCEd: enter that organization to count, then restore.
                PERFORM set_config('app.current_org_id', NEW.organization_id::text, true);
                IF TG_TABLE_NAME = 'projects' THEN
                    SELECT count(*) INTO v_count FROM public.projects p WHERE p.organization_id = NEW.organization_id;
                ELSIF EXISTS (SELECT 1 FROM public.organization_members m
                              WHERE m.organization_id = NEW.organization_id AND m.user_id = NEW.user_id) THEN
                    v_count := -1; -- a member already: ON CONFLICT decides, nobody is added
                ELSE
                    SELECT count(*) INTO v_count FROM public.organization_members m WHERE m.organization_id = NEW.organization_id;
                END IF;
                PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
                IF v_count >= v_limit THEN
                    RAISE EXCEPTION '% has % %, as many as the % plan allows.', v_org.name, v_count, v_what, v_org.plan
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_' || TG_TABLE_NAME || '_plan_limit';
                END IF;
                RETURN NEW;
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_enforce_plan_limit() FROM PUBLIC;

        CREATE TRIGGER tr_projects_plan_limit BEFORE INSERT ON projects
            FOR EACH ROW EXECUTE FUNCTION tenantsite_enforce_plan_limit();
        CREATE TRIGGER tr_organization_members_plan_limit BEFORE INSERT ON organization_members
            FOR EACH ROW EXECUTE FUNCTION tenantsite_enforce_plan_limit();

        -- Before an organization's plan changes: refuses a plan whose limits it exceeds. The UPDATE holds the row's lock,
        -- which the inserts above wait for, so nothing is added between the count and the commit.
        CREATE FUNCTION tenantsite_check_plan_change() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_previous text := current_setting('app.current_org_id', true);
                v_limits record;
                v_projects bigint;
                v_members bigint;
            BEGIN
                SELECT l.max_projects, l.max_members INTO STRICT v_limits FROM public.plan_limits l WHERE l.plan = NEW.plan;
                PERFORM set_config('app.current_org_id', NEW.id::text, true);
                SELECT count(*) INTO v_projects FROM public.projects p WHERE p.organization_id = NEW.id;
                SELECT count(*) INTO v_members FROM public.organization_members m WHERE m.organization_id = NEW.id;
                PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
                IF v_projects > v_limits.max_projects THEN
                    RAISE EXCEPTION '% has % projects; % allows %.', NEW.name, v_projects, NEW.plan, v_limits.max_projects
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_organizations_plan_limits';
                END IF;
                IF v_members > v_limits.max_members THEN
                    RAISE EXCEPTION '% has % members; % allows %.', NEW.name, v_members, NEW.plan, v_limits.max_members
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_organizations_plan_limits';
                END IF;
                RETURN NEW;
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_check_plan_change() FROM PUBLIC;

        CREATE TRIGGER tr_organizations_plan_limits BEFORE UPDATE OF plan ON organizations
            FOR EACH ROW WHEN (NEW.plan IS DISTINCT FROM OLD.plan) EXECUTE FUNCTION tenantsite_check_plan_change();
        """;

    private const string DropTriggers = """
        DROP TRIGGER tr_organizations_plan_limits ON organizations;
        DROP TRIGGER tr_organization_members_plan_limit ON organization_members;
        DROP TRIGGER tr_projects_plan_limit ON projects;
        DROP FUNCTION tenantsite_check_plan_change(), tenantsite_enforce_plan_limit();
        """;
}
