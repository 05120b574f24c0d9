namespace TenantSite.Data.Migrations;

// The SQL half of the LiveUpdates migration: what the EF model does not describe.
public partial class LiveUpdates
{
    /// <summary>
    /// One organization's projects a statement may change before its notifications name the organization alone
    /// (project_id null: "any of its projects"), so that a bulk write sends a few notifications, not one per project.
    /// </summary>
    public const int ProjectsNamedPerStatement = 20;

    // The payload is {"organization_id", "project_id", "table"}: ids only, never a name or a title, because any role that
    // can connect may LISTEN on any channel. SECURITY INVOKER: the functions read only their statement's transition
    // tables (changed: the new rows, or the deleted ones; gone: an update's old rows), which RLS does not filter.
    // Statement-level, so one INSERT of many tasks is one trigger call and at most one notification per project; and
    // pg_notify drops a payload the same transaction already sent, so a second change of one project sends nothing more.
    // Notifications are delivered only if the transaction commits.
    private static readonly string Triggers = $$"""
        CREATE FUNCTION tenantsite_notify_live_projects() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
            AS $$
            BEGIN
                PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', p, 'table', 'projects')::text)
                FROM (SELECT DISTINCT o, CASE WHEN count(*) OVER (PARTITION BY o) > {{ProjectsNamedPerStatement}} THEN NULL ELSE p END AS p
                      FROM (SELECT organization_id AS o, id AS p FROM changed) c) n;
                RETURN NULL;
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_notify_live_projects() FROM PUBLIC;

        CREATE FUNCTION tenantsite_notify_live_tasks() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
            AS $$
            BEGIN
                -- An update that moved a task tells both projects.
                IF TG_OP = 'UPDATE' THEN
                    PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', p, 'table', 'tasks')::text)
                    FROM (SELECT DISTINCT o, CASE WHEN count(*) OVER (PARTITION BY o) > {{ProjectsNamedPerStatement}} THEN NULL ELSE p END AS p
                          FROM (SELECT organization_id AS o, project_id AS p FROM changed
                                UNION SELECT organization_id, project_id FROM gone) c) n;
                ELSE
                    PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', p, 'table', 'tasks')::text)
                    FROM (SELECT DISTINCT o, CASE WHEN count(*) OVER (PARTITION BY o) > {{ProjectsNamedPerStatement}} THEN NULL ELSE p END AS p
                          FROM (SELECT DISTINCT organization_id AS o, project_id AS p FROM changed) c) n;
                END IF;
                RETURN NULL;
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_notify_live_tasks() FROM PUBLIC;

        -- Memberships: the organization only; each of its streams checks its own user's membership again.
        CREATE FUNCTION tenantsite_notify_live_members() RETURNS trigger
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
            AS $$
            BEGIN
                PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', NULL, 'table', 'organization_members')::text)
                FROM (SELECT DISTINCT organization_id AS o FROM changed) c;
                RETURN NULL;
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_notify_live_members() FROM PUBLIC;

        CREATE TRIGGER tr_projects_live_insert AFTER INSERT ON projects
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_projects();
        CREATE TRIGGER tr_projects_live_update AFTER UPDATE ON projects
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_projects();
        CREATE TRIGGER tr_projects_live_delete AFTER DELETE ON projects
            REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_projects();

        CREATE TRIGGER tr_tasks_live_insert AFTER INSERT ON tasks
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_tasks();
        CREATE TRIGGER tr_tasks_live_update AFTER UPDATE ON tasks
            REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_tasks();
        CREATE TRIGGER tr_tasks_live_delete AFTER DELETE ON tasks
            REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_tasks();

        CREATE TRIGGER tr_organization_members_live_insert AFTER INSERT ON organization_members
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_members();
        CREATE TRIGGER tr_organization_members_live_update AFTER UPDATE ON organization_members
            REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_members();
        CREATE TRIGGER tr_organization_members_live_delete AFTER DELETE ON organization_members
            REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tenantsite_notify_live_members();
        """;

    private const string DropTriggers = """
        DROP TRIGGER tr_organization_members_live_delete ON organization_members;
        DROP TRIGGER tr_organization_members_live_update ON organization_members;
        DROP TRIGGER tr_organization_members_live_insert ON organization_members;
        DROP TRIGGER tr_tasks_live_delete ON tasks;
        DROP TRIGGER tr_tasks_live_update ON tasks;
        DROP TRIGGER tr_tasks_live_insert ON tasks;
        DROP TRIGGER tr_projects_live_delete ON projects;
        DROP TRIGGER tr_projects_live_update ON projects;
        DROP TRIGGER tr_projects_live_insert ON projects;
        DROP FUNCTION tenantsite_notify_live_members(), tenantsite_notify_live_tasks(), tenantsite_notify_live_projects();
        """;
}
