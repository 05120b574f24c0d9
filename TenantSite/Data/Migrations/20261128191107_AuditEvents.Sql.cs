namespace TenantSite.Data.Migrations;

// The SQL half of the AuditEvents migration: what the EF model does not describe.
public partial class AuditEvents
{
    private const string RowLevelSecurity = """
        -- Tenant-owned like every other table: FORCEd, one policy for every command. The runtime role may only read
        -- (RuntimeRole), so even a tenant's own events cannot be forged, rewritten or deleted through the app; they go
        -- with their organization (ON DELETE CASCADE, which bypasses RLS as every foreign key does).
        ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
        ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON audit_events FOR ALL
            USING (organization_id = (SELECT tenantsite_current_org_id()))
            WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));
        """;

    private const string Functions = """
        -- Writes one event of p_org, with who and from where taken from the transaction: app.current_user_id (the
        -- signed-in user), app.api_key_id and app.client_ip, which TenantCommandInterceptor hands over with every command.
        -- These only attribute the event; the organization is the changed row's, never a setting. The runtime role could
        -- set them itself, but it is the app: they are the app's own claim, like its INSERTs. A user or key id that does
        -- not exist (in this organization, for a key) is recorded as none. Called by tenantsite_audit() only, so as the
        -- owner, whom FORCE binds: it enters p_org for the write, then restores.
        CREATE FUNCTION tenantsite_audit_write(p_org uuid, p_action text, p_target_type text, p_target uuid, p_label text,
                                               p_details jsonb DEFAULT NULL)
            RETURNS void
            LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_previous text := current_setting('app.current_org_id', true);
                v_key uuid := nullif(current_setting('app.api_key_id', true), '')::uuid;
                v_user record;
                v_prefix text;
            BEGIN
                SELECT u.id, coalesce(u.name, u.email) AS name INTO v_user
                FROM public.users u WHERE u.id = public.tenantsite_current_user_id();
                PERFORM set_config('app.current_org_id', p_org::text, true);
                IF v_key IS NOT NULL THEN
                    SELECT k.prefix INTO v_prefix FROM public.api_keys k WHERE k.organization_id = p_org AND k.id = v_key;
                    IF v_prefix IS NULL THEN
                        v_key := NULL;
                    END IF;
                END IF;
                INSERT INTO public.audit_events (organization_id, actor_user_id, actor_name, api_key_id, api_key_prefix, ip,
                                                 action, target_type, target_id, target_label, details)
                VALUES (p_org, v_user.id, v_user.name, v_key, v_prefix,
                        nullif(current_setting('app.client_ip', true), '')::inet,
                        p_action, p_target_type, p_target, p_label, p_details);
                PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_audit_write(uuid, text, text, uuid, text, jsonb) FROM PUBLIC;

        -- After each row written to a tenant's tables, however it was written (EF, ExecuteUpdate/Delete, the definer
        -- functions, the API, psql): what changed, as actions AuditActions groups into kinds. An UPDATE that changes
        -- nothing an owner would call a change (a key's last use, a timestamp) records nothing.
        -- A row a foreign key deletes with its parent is part of the parent's change, not one of its own: deleting a
        -- project is one event, not one per task, and deleting an organization writes none (its events are deleted with
        -- it). pg_trigger_depth() cannot tell: a cascade's triggers fire after the statement, at depth 1, like the
        -- statement's own. So a deleted row whose parent is gone by then (AFTER triggers see the whole statement) went
        -- with it. Likewise a reference set NULL because its user was deleted changes nothing an owner would call a change.
        CREATE FUNCTION tenantsite_audit() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_previous text := current_setting('app.current_org_id', true);
                v_label text;
                v_cascaded boolean;
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    IF NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = OLD.organization_id) THEN
                        RETURN NULL;
                    END IF;
                    IF TG_TABLE_NAME = 'tasks' THEN
                        -- projects is FORCEd: enter the task's organization to look, then restore.
                        PERFORM set_config('app.current_org_id', OLD.organization_id::text, true);
                        v_cascaded := NOT EXISTS (SELECT 1 FROM public.projects p
                                                  WHERE p.organization_id = OLD.organization_id AND p.id = OLD.project_id);
                        PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
                        IF v_cascaded THEN
                            RETURN NULL;
                        END IF;
                    END IF;
                END IF;
                CASE TG_TABLE_NAME
                WHEN 'projects' THEN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM public.tenantsite_audit_write(NEW.organization_id, 'project.created', 'project', NEW.id, NEW.name);
                    ELSIF TG_OP = 'DELETE' THEN
                        PERFORM public.tenantsite_audit_write(OLD.organization_id, 'project.deleted', 'project', OLD.id, OLD.name);
                    ELSIF NEW.name IS DISTINCT FROM OLD.name THEN
                        PERFORM public.tenantsite_audit_write(NEW.organization_id, 'project.renamed', 'project', NEW.id, NEW.name,
                            jsonb_build_object('from', OLD.name, 'to', NEW.name));
                    END IF;
                WHEN 'tasks' THEN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM public.tenantsite_audit_write(NEW.organization_id, 'task.created', 'task', NEW.id, NEW.title);
                    ELSIF TG_OP = 'DELETE' THEN
                        PERFORM public.tenantsite_audit_write(OLD.organization_id, 'task.deleted', 'task', OLD.id, OLD.title);
                    ELSE
                        IF NEW.title IS DISTINCT FROM OLD.title THEN
                            PERFORM public.tenantsite_audit_write(NEW.organization_id, 'task.renamed', 'task', NEW.id, NEW.title,
                                jsonb_build_object('from', OLD.title, 'to', NEW.title));
                        END IF;
                        IF NEW.completed IS DISTINCT FROM OLD.completed THEN
                            PERFORM public.tenantsite_audit_write(NEW.organization_id,
                                CASE WHEN NEW.completed THEN 'task.completed' ELSE 'task.reopened' END, 'task', NEW.id, NEW.title);
                        END IF;
                    END IF;
                WHEN 'organization_members' THEN
                    IF TG_OP = 'DELETE' THEN
                        SELECT coalesce(u.name, u.email) INTO v_label FROM public.users u WHERE u.id = OLD.user_id;
                        PERFORM public.tenantsite_audit_write(OLD.organization_id,
                            CASE WHEN OLD.user_id = public.tenantsite_current_user_id() THEN 'member.left' ELSE 'member.removed' END,
                            'member', OLD.user_id, v_label, jsonb_build_object('role', OLD.role));
                    ELSE
                        SELECT coalesce(u.name, u.email) INTO v_label FROM public.users u WHERE u.id = NEW.user_id;
                        IF TG_OP = 'INSERT' THEN
                            PERFORM public.tenantsite_audit_write(NEW.organization_id, 'member.joined', 'member', NEW.user_id,
                                v_label, jsonb_build_object('role', NEW.role));
                        ELSIF NEW.role IS DISTINCT FROM OLD.role THEN
                            PERFORM public.tenantsite_audit_write(NEW.organization_id, 'member.role_changed', 'member', NEW.user_id,
                                v_label, jsonb_build_object('from', OLD.role, 'to', NEW.role));
                        END IF;
                    END IF;
                WHEN 'invitations' THEN
                    -- Accepting, declining and revoking each set their own column; any other change of the row is a
                    -- renewal (inviting the address again, resending it), whatever columns that touches, but for the
                    -- users' references that their deletion sets NULL.
                    IF TG_OP = 'INSERT' THEN
                        PERFORM public.tenantsite_audit_write(NEW.organization_id, 'invitation.created', 'invitation', NEW.id,
                            NEW.email, jsonb_build_object('role', NEW.role));
                    ELSIF TG_OP = 'UPDATE' THEN
                        PERFORM public.tenantsite_audit_write(NEW.organization_id,
                            CASE WHEN OLD.accepted_at IS NULL AND NEW.accepted_at IS NOT NULL THEN 'invitation.accepted'
                                 WHEN OLD.declined_at IS NULL AND NEW.declined_at IS NOT NULL THEN 'invitation.declined'
                                 WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN 'invitation.revoked'
                                 ELSE 'invitation.renewed' END,
                            'invitation', NEW.id, NEW.email, jsonb_build_object('role', NEW.role))
                        WHERE to_jsonb(NEW) - 'invited_by' - 'accepted_by' IS DISTINCT FROM to_jsonb(OLD) - 'invited_by' - 'accepted_by';
                    END IF;
                WHEN 'organizations' THEN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM public.tenantsite_audit_write(NEW.id, 'organization.created', 'organization', NEW.id, NEW.name);
                    ELSIF TG_OP = 'UPDATE' THEN
                        IF NEW.name IS DISTINCT FROM OLD.name THEN
                            PERFORM public.tenantsite_audit_write(NEW.id, 'organization.renamed', 'organization', NEW.id, NEW.name,
                                jsonb_build_object('from', OLD.name, 'to', NEW.name));
                        END IF;
                        IF NEW.slug IS DISTINCT FROM OLD.slug THEN
                            PERFORM public.tenantsite_audit_write(NEW.id, 'organization.address_changed', 'organization', NEW.id,
                                NEW.name, jsonb_build_object('from', OLD.slug, 'to', NEW.slug));
                        END IF;
                        IF NEW.plan IS DISTINCT FROM OLD.plan THEN
                            PERFORM public.tenantsite_audit_write(NEW.id, 'plan.changed', 'organization', NEW.id, NEW.name,
                                jsonb_build_object('from', OLD.plan, 'to', NEW.plan));
                        END IF;
                    END IF;
                WHEN 'api_keys' THEN
                    IF TG_OP = 'INSERT' THEN
                        PERFORM public.tenantsite_audit_write(NEW.organization_id, 'api_key.created', 'api_key', NEW.id, NEW.name,
                            jsonb_build_object('role', NEW.role, 'prefix', NEW.prefix));
                    ELSIF TG_OP = 'UPDATE' THEN
                        IF OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL THEN
                            PERFORM public.tenantsite_audit_write(NEW.organization_id, 'api_key.revoked', 'api_key', NEW.id,
                                NEW.name, jsonb_build_object('prefix', NEW.prefix));
                        END IF;
                        IF NEW.name IS DISTINCT FROM OLD.name THEN
                            PERFORM public.tenantsite_audit_write(NEW.organization_id, 'api_key.renamed', 'api_key', NEW.id,
                                NEW.name, jsonb_build_object('from', OLD.name, 'to', NEW.name));
                        END IF;
                    END IF;
                END CASE;
                RETURN NULL;
            END
            $$;
        REVOKE EXECUTE ON FUNCTION tenantsite_audit() FROM PUBLIC;

        -- organizations has no DELETE trigger: an organization's events go with it.
        CREATE TRIGGER tr_organizations_audit AFTER INSERT OR UPDATE ON organizations
            FOR EACH ROW EXECUTE FUNCTION tenantsite_audit();
        CREATE TRIGGER tr_organization_members_audit AFTER INSERT OR UPDATE OR DELETE ON organization_members
            FOR EACH ROW EXECUTE FUNCTION tenantsite_audit();
        -- The runtime role never deletes invitations or keys: only their organization's deletion does, which records none.
        CREATE TRIGGER tr_invitations_audit AFTER INSERT OR UPDATE ON invitations
            FOR EACH ROW EXECUTE FUNCTION tenantsite_audit();
        CREATE TRIGGER tr_api_keys_audit AFTER INSERT OR UPDATE ON api_keys
            FOR EACH ROW EXECUTE FUNCTION tenantsite_audit();
        CREATE TRIGGER tr_projects_audit AFTER INSERT OR UPDATE OR DELETE ON projects
            FOR EACH ROW EXECUTE FUNCTION tenantsite_audit();
        CREATE TRIGGER tr_tasks_audit AFTER INSERT OR UPDATE OR DELETE ON tasks
            FOR EACH ROW EXECUTE FUNCTION tenantsite_audit();
        """;

    private const string DropTriggers = """
        DROP TRIGGER tr_tasks_audit ON tasks;
        DROP TRIGGER tr_projects_audit ON projects;
        DROP TRIGGER tr_api_keys_audit ON api_keys;
        DROP TRIGGER tr_invitations_audit ON invitations;
        DROP TRIGGER tr_organization_members_audit ON organization_members;
        DROP TRIGGER tr_organizations_audit ON organizations;
        DROP FUNCTION tenantsite_audit(), tenantsite_audit_write(uuid, text, text, uuid, text, jsonb);
        """;
}
