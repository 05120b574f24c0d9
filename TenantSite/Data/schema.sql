--
-- TenantSite's schema as `migrate` leaves it: pg_dump --schema-only of a freshly migrated database, owned by
-- tenantsite_owner, with tenantsite_app's grants. Generated, never edited: after adding a migration, run
-- ./tools/schema/dump.sh and commit this file with it (Data/SchemaFileShould checks that they agree).
-- The migrations are the history; this is the present. It is for reading, not for restoring: use migrate.
--
-- Dumped from database version 15
-- Dumped by pg_dump version 15

--
-- Name: tenantsite_answer_found_invitation(uuid, uuid, uuid, boolean, text, bytea); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_answer_found_invitation(p_org uuid, p_invitation uuid, p_user uuid, p_accept boolean, p_email text, p_token_hash bytea) RETURNS TABLE(organization_slug text, organization_name text, member_role text, joined boolean)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_previous text := current_setting('app.current_org_id', true);
        v_role text;
        v_joined boolean := false;
    BEGIN
        IF p_user IS NULL OR p_accept IS NULL OR num_nonnulls(p_email, p_token_hash) <> 1 THEN
            RAISE EXCEPTION 'a user, an answer, and the email or the token the invitation was found by'
                USING ERRCODE = '22023';
        END IF;
        -- invitations and organization_members are FORCEd: enter the invitation's organization for the writes,
        -- then restore.
        PERFORM set_config('app.current_org_id', p_org::text, true);
        UPDATE public.invitations i
            SET accepted_at = CASE WHEN p_accept THEN now() END,
                accepted_by = CASE WHEN p_accept THEN p_user END,
                declined_at = CASE WHEN p_accept THEN NULL ELSE now() END
            WHERE i.organization_id = p_org AND i.id = p_invitation
              AND (p_email IS NULL OR i.email = p_email) AND (p_token_hash IS NULL OR i.token_hash = p_token_hash)
              AND i.accepted_at IS NULL AND i.declined_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
            RETURNING i.role INTO v_role;
        IF FOUND AND p_accept THEN
            INSERT INTO public.organization_members (organization_id, user_id, role)
                VALUES (p_org, p_user, v_role)
                ON CONFLICT ON CONSTRAINT pk_organization_members DO NOTHING;
            v_joined := FOUND;
            IF NOT v_joined THEN
                SELECT m.role INTO v_role FROM public.organization_members m
                WHERE m.organization_id = p_org AND m.user_id = p_user;
            END IF;
        END IF;
        PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
        IF v_role IS NULL THEN
            RETURN;
        END IF;

        RETURN QUERY
            SELECT o.slug, o.name, CASE WHEN p_accept THEN v_role END, v_joined
            FROM public.organizations o WHERE o.id = p_org;
    END
    $$;


ALTER FUNCTION public.tenantsite_answer_found_invitation(p_org uuid, p_invitation uuid, p_user uuid, p_accept boolean, p_email text, p_token_hash bytea) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_answer_invitation(uuid, boolean); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_answer_invitation(p_invitation uuid, p_accept boolean) RETURNS TABLE(organization_slug text, organization_name text, member_role text, joined boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_user uuid := public.tenantsite_current_user_id();
        v_org uuid;
        v_email text;
    BEGIN
        IF v_user IS NULL THEN
            RAISE EXCEPTION 'no signed-in user' USING ERRCODE = '42501';
        END IF;
        IF p_accept IS NULL THEN
            RAISE EXCEPTION 'accept or decline' USING ERRCODE = '22004';
        END IF;
        SELECT i.organization_id, u.email INTO v_org, v_email
        FROM public.invitations i JOIN public.users u ON u.email = i.email
        WHERE i.id = p_invitation AND u.id = v_user AND u.email_verified;
        IF v_org IS NULL THEN
            RETURN;
        END IF;
        RETURN QUERY SELECT * FROM public.tenantsite_answer_found_invitation(v_org, p_invitation, v_user, p_accept,
                                                                             v_email, NULL::bytea);
    END
    $$;


ALTER FUNCTION public.tenantsite_answer_invitation(p_invitation uuid, p_accept boolean) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_answer_invitation_link(bytea, boolean); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean) RETURNS TABLE(organization_slug text, organization_name text, member_role text, joined boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_user uuid := public.tenantsite_current_user_id();
        v_org uuid;
        v_id uuid;
    BEGIN
        IF v_user IS NULL THEN
            RAISE EXCEPTION 'no signed-in user' USING ERRCODE = '42501';
        END IF;
        IF p_accept IS NULL THEN
            RAISE EXCEPTION 'accept or decline' USING ERRCODE = '22004';
        END IF;
        SELECT f.organization_id, f.id INTO v_org, v_id FROM public.tenantsite_find_invitation_by_token(p_token_hash) f;
        IF v_org IS NULL THEN
            RETURN;
        END IF;
        RETURN QUERY SELECT * FROM public.tenantsite_answer_found_invitation(v_org, v_id, v_user, p_accept,
                                                                             NULL::text, p_token_hash);
    END
    $$;


ALTER FUNCTION public.tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_audit(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION public.tenantsite_audit() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_audit_write(uuid, text, text, uuid, text, jsonb); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_audit_write(p_org uuid, p_action text, p_target_type text, p_target uuid, p_label text, p_details jsonb DEFAULT NULL::jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION public.tenantsite_audit_write(p_org uuid, p_action text, p_target_type text, p_target uuid, p_label text, p_details jsonb) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_authenticate_api_key(text, bytea); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_authenticate_api_key(p_prefix text, p_secret_hash bytea) RETURNS TABLE(key_id uuid, organization_id uuid, role text, name text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_previous text := current_setting('app.current_org_id', true);
        v_key record;
        v_found boolean;
    BEGIN
        PERFORM set_config('app.api_key_prefix', coalesce(p_prefix, ''), true);
        SELECT k.id, k.organization_id, k.role, k.name, k.last_used_at INTO v_key
        FROM public.api_keys k
        WHERE k.prefix = p_prefix AND k.secret_hash = p_secret_hash AND k.revoked_at IS NULL;
        -- Read FOUND before PERFORM, which sets it again.
        v_found := FOUND;
        PERFORM set_config('app.api_key_prefix', '', true);
        IF NOT v_found THEN
            RETURN;
        END IF;
        IF v_key.last_used_at IS NULL OR v_key.last_used_at < now() - interval '1 minute' THEN
            -- api_keys is FORCEd: enter the key's organization for the write, then restore.
            PERFORM set_config('app.current_org_id', v_key.organization_id::text, true);
            UPDATE public.api_keys k SET last_used_at = now()
            WHERE k.organization_id = v_key.organization_id AND k.id = v_key.id;
            PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
        END IF;
        RETURN QUERY SELECT v_key.id, v_key.organization_id, v_key.role, v_key.name;
    END
    $$;


ALTER FUNCTION public.tenantsite_authenticate_api_key(p_prefix text, p_secret_hash bytea) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_check_api_key_creator(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_check_api_key_creator() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_previous text := current_setting('app.current_org_id', true);
        v_may_create boolean;
    BEGIN
        -- organization_members is FORCEd: enter the key's organization to look, then restore.
        PERFORM set_config('app.current_org_id', NEW.organization_id::text, true);
        PERFORM 1 FROM public.organization_members m
        WHERE m.organization_id = NEW.organization_id AND m.user_id = NEW.created_by AND m.role IN ('owner', 'admin')
        FOR SHARE;
        v_may_create := FOUND;
        PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
        IF NOT v_may_create THEN
            RAISE EXCEPTION 'user % may not create API keys in organization %', NEW.created_by, NEW.organization_id
                USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'tr_api_keys_check_creator';
        END IF;
        RETURN NEW;
    END
    $$;


ALTER FUNCTION public.tenantsite_check_api_key_creator() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_check_plan_change(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_check_plan_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION public.tenantsite_check_plan_change() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_create_organization(text, text); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_create_organization(p_name text, p_slug text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION public.tenantsite_create_organization(p_name text, p_slug text) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_create_session_handoff(bytea, uuid, text, text, bytea, interval); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_create_session_handoff(p_code_hash bytea, p_family uuid, p_target_host text, p_return_url text, p_binding_hash bytea, p_lifetime interval) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM public.user_sessions s
                       WHERE s.id = p_family AND s.family_id = p_family AND s.ended_at IS NULL
                         AND s.user_id = public.tenantsite_current_user_id()) THEN
            RETURN false;
        END IF;
        INSERT INTO public.session_handoffs (code_hash, family_id, target_host, return_url, binding_hash, expires_at)
        VALUES (p_code_hash, p_family, lower(p_target_host), p_return_url, p_binding_hash, now() + p_lifetime);
        RETURN true;
    END
    $$;


ALTER FUNCTION public.tenantsite_create_session_handoff(p_code_hash bytea, p_family uuid, p_target_host text, p_return_url text, p_binding_hash bytea, p_lifetime interval) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_current_org_id(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_current_org_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.current_org_id', true), '')::uuid $$;


ALTER FUNCTION public.tenantsite_current_org_id() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_current_user_id(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_current_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.current_user_id', true), '')::uuid $$;


ALTER FUNCTION public.tenantsite_current_user_id() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_delete_expired_sessions(interval); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_delete_expired_sessions(p_idle interval) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        DELETE FROM public.session_revocations WHERE expires_at <= now();
        DELETE FROM public.logout_token_uses WHERE expires_at <= now();
        DELETE FROM public.session_handoffs WHERE expires_at <= now() - interval '1 hour';
        DELETE FROM public.user_sessions
        WHERE family_id IN (SELECT s.family_id FROM public.user_sessions s
                            GROUP BY s.family_id
                            HAVING bool_and(s.ended_at < now() - interval '1 day'
                                            OR s.last_seen_at < now() - p_idle - interval '1 day'));
    $$;


ALTER FUNCTION public.tenantsite_delete_expired_sessions(p_idle interval) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_end_provider_sessions(text, text, text, text, timestamp with time zone, interval); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_end_provider_sessions(p_issuer text, p_subject text, p_sid text, p_jti text, p_token_expires timestamp with time zone, p_keep interval) RETURNS uuid[]
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_families uuid[];
    BEGIN
        IF p_subject IS NULL AND p_sid IS NULL THEN
            RAISE EXCEPTION 'a logout token names a sid, a subject or both' USING ERRCODE = '22004';
        END IF;
        INSERT INTO public.logout_token_uses (issuer, jti, expires_at) VALUES (p_issuer, p_jti, p_token_expires)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
        SELECT coalesce(array_agg(s.id), '{}') INTO v_families
        FROM public.user_sessions s JOIN public.users u ON u.id = s.user_id
        WHERE s.id = s.family_id AND s.ended_at IS NULL AND s.provider_issuer = p_issuer
          AND (p_sid IS NULL OR s.provider_sid = p_sid)
          AND (p_subject IS NULL OR (u.issuer = p_issuer AND u.subject = p_subject));
        INSERT INTO public.session_revocations (session_id, expires_at)
        SELECT f::text, now() + p_keep FROM unnest(v_families) f
        ON CONFLICT DO NOTHING;
        RETURN v_families;
    END
    $$;


ALTER FUNCTION public.tenantsite_end_provider_sessions(p_issuer text, p_subject text, p_sid text, p_jti text, p_token_expires timestamp with time zone, p_keep interval) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_end_revoked_sessions(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_end_revoked_sessions() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
    BEGIN
        -- Rows written before the sessions were the app's own held a provider's sid, which names no family.
        IF NEW.session_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
            UPDATE public.user_sessions SET ended_at = NEW.revoked_at
            WHERE family_id = NEW.session_id::uuid AND ended_at IS NULL;
        END IF;
        RETURN NULL;
    END
    $_$;


ALTER FUNCTION public.tenantsite_end_revoked_sessions() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_enforce_plan_limit(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_enforce_plan_limit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION public.tenantsite_enforce_plan_limit() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_find_invitation_by_token(bytea); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_find_invitation_by_token(p_token_hash bytea, OUT organization_id uuid, OUT id uuid) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        PERFORM set_config('app.invitation_token_hash', encode(p_token_hash, 'hex'), true);
        SELECT i.organization_id, i.id INTO organization_id, id FROM public.invitations i WHERE i.token_hash = p_token_hash;
        PERFORM set_config('app.invitation_token_hash', '', true);
    END
    $$;


ALTER FUNCTION public.tenantsite_find_invitation_by_token(p_token_hash bytea, OUT organization_id uuid, OUT id uuid) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_invitation_link(bytea); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_invitation_link(p_token_hash bytea) RETURNS TABLE(organization_slug text, organization_name text, email text, role text, invited_by text, expires_at timestamp with time zone, state text, accepted_by_caller boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_previous text := current_setting('app.current_org_id', true);
        v_org uuid;
        v_id uuid;
    BEGIN
        SELECT f.organization_id, f.id INTO v_org, v_id FROM public.tenantsite_find_invitation_by_token(p_token_hash) f;
        IF v_org IS NULL THEN
            RETURN;
        END IF;
        -- The rest as the invitation's organization sees it (its name, the inviter), then restore.
        PERFORM set_config('app.current_org_id', v_org::text, true);
        RETURN QUERY
            SELECT o.slug, o.name, i.email, i.role, coalesce(inviter.name, inviter.email), i.expires_at,
                   CASE WHEN i.accepted_at IS NOT NULL THEN 'accepted'
                        WHEN i.declined_at IS NOT NULL THEN 'declined'
                        WHEN i.revoked_at IS NOT NULL THEN 'revoked'
                        WHEN i.expires_at <= now() THEN 'expired'
                        ELSE 'open' END,
                   coalesce(i.accepted_by = public.tenantsite_current_user_id(), false)
            FROM public.invitations i
            JOIN public.organizations o ON o.id = i.organization_id
            LEFT JOIN public.users inviter ON inviter.id = i.invited_by
            WHERE i.organization_id = v_org AND i.id = v_id;
        PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
    END
    $$;


ALTER FUNCTION public.tenantsite_invitation_link(p_token_hash bytea) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_keep_one_owner(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_keep_one_owner() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_previous text := current_setting('app.current_org_id', true);
        v_has_owner boolean;
    BEGIN
        -- Lock the organization's row first (FOR NO KEY UPDATE, as the plan limits do; foreign-key checks do
        -- not wait for it): concurrent changes of its owners take turns, and each counts, with a fresh
        -- snapshot, what the one before it committed.
        PERFORM 1 FROM public.organizations o WHERE o.id = OLD.organization_id FOR NO KEY UPDATE;
        -- Deleting the organization cascades to its members: nothing is left to keep an owner for.
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
        -- organization_members is FORCEd: enter that organization to count its owners, then restore.
        PERFORM set_config('app.current_org_id', OLD.organization_id::text, true);
        SELECT EXISTS (SELECT 1 FROM public.organization_members m
                       WHERE m.organization_id = OLD.organization_id AND m.role = 'owner')
            INTO v_has_owner;
        PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
        IF NOT v_has_owner THEN
            RAISE EXCEPTION 'organization % would be left without an owner', OLD.organization_id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_organization_members_keep_one_owner';
        END IF;
        RETURN NULL;
    END
    $$;


ALTER FUNCTION public.tenantsite_keep_one_owner() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_notify_live_members(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_notify_live_members() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', NULL, 'table', 'organization_members')::text)
        FROM (SELECT DISTINCT organization_id AS o FROM changed) c;
        RETURN NULL;
    END
    $$;


ALTER FUNCTION public.tenantsite_notify_live_members() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_notify_live_projects(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_notify_live_projects() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', p, 'table', 'projects')::text)
        FROM (SELECT DISTINCT o, CASE WHEN count(*) OVER (PARTITION BY o) > 20 THEN NULL ELSE p END AS p
              FROM (SELECT organization_id AS o, id AS p FROM changed) c) n;
        RETURN NULL;
    END
    $$;


ALTER FUNCTION public.tenantsite_notify_live_projects() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_notify_live_tasks(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_notify_live_tasks() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        -- An update that moved a task tells both projects.
        IF TG_OP = 'UPDATE' THEN
            PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', p, 'table', 'tasks')::text)
            FROM (SELECT DISTINCT o, CASE WHEN count(*) OVER (PARTITION BY o) > 20 THEN NULL ELSE p END AS p
                  FROM (SELECT organization_id AS o, project_id AS p FROM changed
                        UNION SELECT organization_id, project_id FROM gone) c) n;
        ELSE
            PERFORM pg_catalog.pg_notify('tenantsite_live', json_build_object('organization_id', o, 'project_id', p, 'table', 'tasks')::text)
            FROM (SELECT DISTINCT o, CASE WHEN count(*) OVER (PARTITION BY o) > 20 THEN NULL ELSE p END AS p
                  FROM (SELECT DISTINCT organization_id AS o, project_id AS p FROM changed) c) n;
        END IF;
        RETURN NULL;
    END
    $$;


ALTER FUNCTION public.tenantsite_notify_live_tasks() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_notify_organization_change(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_notify_organization_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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


ALTER FUNCTION public.tenantsite_notify_organization_change() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_pending_invitations(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_pending_invitations() RETURNS TABLE(invitation_id uuid, organization_name text, role text, invited_by text, expires_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_user uuid := public.tenantsite_current_user_id();
    BEGIN
        IF v_user IS NULL THEN
            RAISE EXCEPTION 'no signed-in user' USING ERRCODE = '42501';
        END IF;
        RETURN QUERY
            SELECT i.id, o.name, i.role, coalesce(inviter.name, inviter.email), i.expires_at
            FROM public.users u
            JOIN public.invitations i ON i.email = u.email
            JOIN public.organizations o ON o.id = i.organization_id
            LEFT JOIN public.users inviter ON inviter.id = i.invited_by
            WHERE u.id = v_user AND u.email_verified
              AND i.accepted_at IS NULL AND i.declined_at IS NULL AND i.revoked_at IS NULL
              AND i.expires_at > now()
            ORDER BY i.created_at, i.id;
    END
    $$;


ALTER FUNCTION public.tenantsite_pending_invitations() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_redeem_session_handoff(bytea, text, bytea, text, inet); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_redeem_session_handoff(p_code_hash bytea, p_host text, p_binding_hash bytea, p_user_agent text, p_client_address inet) RETURNS TABLE(session_id uuid, family_id uuid, user_id uuid, email text, name text, return_url text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    #variable_conflict use_column
    DECLARE
        v_handoff public.session_handoffs;
        v_user uuid;
        v_session uuid;
    BEGIN
        UPDATE public.session_handoffs h SET used_at = now()
        WHERE h.code_hash = p_code_hash AND h.used_at IS NULL
        RETURNING * INTO v_handoff;
        IF NOT FOUND OR v_handoff.expires_at <= now() OR v_handoff.target_host <> lower(p_host)
           OR v_handoff.binding_hash <> p_binding_hash THEN
            RETURN;
        END IF;
        SELECT s.user_id INTO v_user FROM public.user_sessions s
        WHERE s.id = v_handoff.family_id AND s.ended_at IS NULL;
        IF v_user IS NULL THEN
            RETURN;
        END IF;
        INSERT INTO public.user_sessions (id, family_id, user_id, host, user_agent, client_address)
        VALUES (gen_random_uuid(), v_handoff.family_id, v_user, lower(p_host), left(p_user_agent, 512), p_client_address)
        RETURNING id INTO v_session;
        RETURN QUERY SELECT v_session, v_handoff.family_id, u.id, u.email, u.name, v_handoff.return_url
                     FROM public.users u WHERE u.id = v_user;
    END
    $$;


ALTER FUNCTION public.tenantsite_redeem_session_handoff(p_code_hash bytea, p_host text, p_binding_hash bytea, p_user_agent text, p_client_address inet) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_resolve_organization(text); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_resolve_organization(p_slug text) RETURNS TABLE(id uuid, slug text, name text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ SELECT o.id, o.slug, o.name FROM public.organizations o WHERE o.slug = lower(p_slug) $$;


ALTER FUNCTION public.tenantsite_resolve_organization(p_slug text) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_revoke_api_key_without_creator(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_revoke_api_key_without_creator() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        NEW.revoked_at := coalesce(NEW.revoked_at, now());
        RETURN NEW;
    END
    $$;


ALTER FUNCTION public.tenantsite_revoke_api_key_without_creator() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_revoke_api_keys_of_member(); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_revoke_api_keys_of_member() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    DECLARE
        v_previous text := current_setting('app.current_org_id', true);
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.role IN ('owner', 'admin')
           AND NEW.organization_id = OLD.organization_id AND NEW.user_id = OLD.user_id THEN
            RETURN NULL;
        END IF;
        -- Deleting the organization deletes its keys with it: nothing to revoke, and nothing to record.
        IF NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = OLD.organization_id) THEN
            RETURN NULL;
        END IF;
        -- api_keys is FORCEd: enter the member's organization for the write, then restore.
        PERFORM set_config('app.current_org_id', OLD.organization_id::text, true);
        UPDATE public.api_keys k SET revoked_at = now()
        WHERE k.organization_id = OLD.organization_id AND k.created_by = OLD.user_id AND k.revoked_at IS NULL;
        PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
        RETURN NULL;
    END
    $$;


ALTER FUNCTION public.tenantsite_revoke_api_keys_of_member() OWNER TO tenantsite_owner;

--
-- Name: tenantsite_touch_sessions(uuid[]); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_touch_sessions(p_ids uuid[]) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        UPDATE public.user_sessions SET last_seen_at = now() WHERE id = ANY(p_ids) AND ended_at IS NULL
    $$;


ALTER FUNCTION public.tenantsite_touch_sessions(p_ids uuid[]) OWNER TO tenantsite_owner;

--
-- Name: tenantsite_upsert_user(text, text, text, text, boolean); Type: FUNCTION; Schema: public; Owner: tenantsite_owner
--

CREATE FUNCTION public.tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text, p_email_verified boolean) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        INSERT INTO public.users AS u (issuer, subject, email, email_verified, name)
        VALUES (p_issuer, p_subject, nullif(lower(p_email), ''),
                nullif(p_email, '') IS NOT NULL AND coalesce(p_email_verified, false), nullif(p_name, ''))
        ON CONFLICT (issuer, subject) DO UPDATE
            SET email = coalesce(excluded.email, u.email),
                email_verified = CASE WHEN excluded.email IS NULL THEN u.email_verified ELSE excluded.email_verified END,
                name = coalesce(excluded.name, u.name)
        RETURNING u.id
    $$;


ALTER FUNCTION public.tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text, p_email_verified boolean) OWNER TO tenantsite_owner;

SET default_table_access_method = heap;

--
-- Name: __EFMigrationsHistory; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL
);


ALTER TABLE public."__EFMigrationsHistory" OWNER TO tenantsite_owner;

--
-- Name: api_keys; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.api_keys (
    organization_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    prefix text NOT NULL,
    secret_hash bytea NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT ck_api_keys_name CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT ck_api_keys_role CHECK ((role = ANY (ARRAY['member'::text, 'viewer'::text]))),
    CONSTRAINT ck_api_keys_secret_hash CHECK ((length(secret_hash) = 32))
);

ALTER TABLE ONLY public.api_keys FORCE ROW LEVEL SECURITY;


ALTER TABLE public.api_keys OWNER TO tenantsite_owner;

--
-- Name: audit_events; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.audit_events (
    organization_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    actor_user_id uuid,
    actor_name text,
    api_key_id uuid,
    api_key_prefix text,
    ip inet,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id uuid,
    target_label text,
    details jsonb
);

ALTER TABLE ONLY public.audit_events FORCE ROW LEVEL SECURITY;


ALTER TABLE public.audit_events OWNER TO tenantsite_owner;

--
-- Name: data_protection_keys; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.data_protection_keys (
    id integer NOT NULL,
    friendly_name text,
    xml text
);


ALTER TABLE public.data_protection_keys OWNER TO tenantsite_owner;

--
-- Name: TABLE data_protection_keys; Type: COMMENT; Schema: public; Owner: tenantsite_owner
--

COMMENT ON TABLE public.data_protection_keys IS 'ASP.NET Core data-protection keys shared by every instance; belongs to no tenant (no RLS).';


--
-- Name: data_protection_keys_id_seq; Type: SEQUENCE; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.data_protection_keys ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.data_protection_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: idempotent_requests; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.idempotent_requests (
    organization_id uuid NOT NULL,
    scope text NOT NULL,
    key text NOT NULL,
    request_hash bytea NOT NULL,
    status integer,
    content_type text,
    location text,
    etag text,
    body text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_idempotent_requests_key CHECK (((length(key) >= 1) AND (length(key) <= 255))),
    CONSTRAINT ck_idempotent_requests_request_hash CHECK ((length(request_hash) = 32))
);

ALTER TABLE ONLY public.idempotent_requests FORCE ROW LEVEL SECURITY;


ALTER TABLE public.idempotent_requests OWNER TO tenantsite_owner;

--
-- Name: invitations; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.invitations (
    organization_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    invited_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    declined_at timestamp with time zone,
    revoked_at timestamp with time zone,
    last_sent_at timestamp with time zone,
    token_hash bytea,
    CONSTRAINT ck_invitations_email_lower_case CHECK ((email = lower(email))),
    CONSTRAINT ck_invitations_one_outcome CHECK ((num_nonnulls(accepted_at, declined_at, revoked_at) <= 1)),
    CONSTRAINT ck_invitations_role CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text])))
);

ALTER TABLE ONLY public.invitations FORCE ROW LEVEL SECURITY;


ALTER TABLE public.invitations OWNER TO tenantsite_owner;

--
-- Name: logout_token_uses; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.logout_token_uses (
    issuer text NOT NULL,
    jti text NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


ALTER TABLE public.logout_token_uses OWNER TO tenantsite_owner;

--
-- Name: organization_members; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.organization_members (
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text DEFAULT 'member'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_organization_members_role CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text])))
);

ALTER TABLE ONLY public.organization_members FORCE ROW LEVEL SECURITY;


ALTER TABLE public.organization_members OWNER TO tenantsite_owner;

--
-- Name: organizations; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.organizations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    plan text DEFAULT 'free'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_organizations_plan CHECK ((plan = ANY (ARRAY['free'::text, 'pro'::text, 'enterprise'::text])))
);


ALTER TABLE public.organizations OWNER TO tenantsite_owner;

--
-- Name: plan_limits; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.plan_limits (
    plan text NOT NULL,
    max_projects integer,
    max_members integer,
    CONSTRAINT ck_plan_limits_max_members CHECK ((max_members >= 1)),
    CONSTRAINT ck_plan_limits_max_projects CHECK ((max_projects >= 0)),
    CONSTRAINT ck_plan_limits_plan CHECK ((plan = ANY (ARRAY['free'::text, 'pro'::text, 'enterprise'::text])))
);


ALTER TABLE public.plan_limits OWNER TO tenantsite_owner;

--
-- Name: projects; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.projects (
    organization_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.projects FORCE ROW LEVEL SECURITY;


ALTER TABLE public.projects OWNER TO tenantsite_owner;

--
-- Name: session_handoffs; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.session_handoffs (
    code_hash bytea NOT NULL,
    family_id uuid NOT NULL,
    target_host text NOT NULL,
    return_url text NOT NULL,
    binding_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT ck_session_handoffs_binding_hash CHECK ((length(binding_hash) = 32)),
    CONSTRAINT ck_session_handoffs_code_hash CHECK ((length(code_hash) = 32))
);


ALTER TABLE public.session_handoffs OWNER TO tenantsite_owner;

--
-- Name: session_revocations; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.session_revocations (
    session_id text NOT NULL,
    revoked_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL
);


ALTER TABLE public.session_revocations OWNER TO tenantsite_owner;

--
-- Name: TABLE session_revocations; Type: COMMENT; Schema: public; Owner: tenantsite_owner
--

COMMENT ON TABLE public.session_revocations IS 'Ended session families (user_sessions.family_id), polled by every instance; belongs to no tenant (no RLS).';


--
-- Name: tasks; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.tasks (
    organization_id uuid NOT NULL,
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    title text NOT NULL,
    completed boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY public.tasks FORCE ROW LEVEL SECURITY;


ALTER TABLE public.tasks OWNER TO tenantsite_owner;

--
-- Name: user_sessions; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.user_sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL,
    host text NOT NULL,
    user_agent text,
    client_address inet,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    ended_at timestamp with time zone,
    provider_issuer text,
    provider_sid text,
    id_token_hint text,
    CONSTRAINT ck_user_sessions_user_agent CHECK ((length(user_agent) <= 512))
);


ALTER TABLE public.user_sessions OWNER TO tenantsite_owner;

--
-- Name: users; Type: TABLE; Schema: public; Owner: tenantsite_owner
--

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    issuer text NOT NULL,
    subject text NOT NULL,
    email text,
    name text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    email_verified boolean DEFAULT false NOT NULL
);


ALTER TABLE public.users OWNER TO tenantsite_owner;

--
-- Name: __EFMigrationsHistory PK___EFMigrationsHistory; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public."__EFMigrationsHistory"
    ADD CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId");


--
-- Name: api_keys pk_api_keys; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT pk_api_keys PRIMARY KEY (organization_id, id);


--
-- Name: audit_events pk_audit_events; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT pk_audit_events PRIMARY KEY (organization_id, id);


--
-- Name: data_protection_keys pk_data_protection_keys; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.data_protection_keys
    ADD CONSTRAINT pk_data_protection_keys PRIMARY KEY (id);


--
-- Name: idempotent_requests pk_idempotent_requests; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.idempotent_requests
    ADD CONSTRAINT pk_idempotent_requests PRIMARY KEY (organization_id, scope, key);


--
-- Name: invitations pk_invitations; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT pk_invitations PRIMARY KEY (organization_id, id);


--
-- Name: logout_token_uses pk_logout_token_uses; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.logout_token_uses
    ADD CONSTRAINT pk_logout_token_uses PRIMARY KEY (issuer, jti);


--
-- Name: organization_members pk_organization_members; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT pk_organization_members PRIMARY KEY (organization_id, user_id);


--
-- Name: organizations pk_organizations; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT pk_organizations PRIMARY KEY (id);


--
-- Name: plan_limits pk_plan_limits; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.plan_limits
    ADD CONSTRAINT pk_plan_limits PRIMARY KEY (plan);


--
-- Name: projects pk_projects; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT pk_projects PRIMARY KEY (organization_id, id);


--
-- Name: session_handoffs pk_session_handoffs; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.session_handoffs
    ADD CONSTRAINT pk_session_handoffs PRIMARY KEY (code_hash);


--
-- Name: session_revocations pk_session_revocations; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.session_revocations
    ADD CONSTRAINT pk_session_revocations PRIMARY KEY (session_id);


--
-- Name: tasks pk_tasks; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT pk_tasks PRIMARY KEY (organization_id, id);


--
-- Name: user_sessions pk_user_sessions; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT pk_user_sessions PRIMARY KEY (id);


--
-- Name: users pk_users; Type: CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT pk_users PRIMARY KEY (id);


--
-- Name: ix_api_keys_created_by; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_api_keys_created_by ON public.api_keys USING btree (created_by);


--
-- Name: ix_audit_events_actor_user_id; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_audit_events_actor_user_id ON public.audit_events USING btree (actor_user_id);


--
-- Name: ix_audit_events_keyset; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_audit_events_keyset ON public.audit_events USING btree (organization_id, occurred_at DESC, id DESC);


--
-- Name: ix_invitations_accepted_by; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_invitations_accepted_by ON public.invitations USING btree (accepted_by);


--
-- Name: ix_invitations_invited_by; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_invitations_invited_by ON public.invitations USING btree (invited_by);


--
-- Name: ix_invitations_open_by_email; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_invitations_open_by_email ON public.invitations USING btree (email) WHERE ((accepted_at IS NULL) AND (declined_at IS NULL) AND (revoked_at IS NULL));


--
-- Name: ix_organization_members_user_id; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_organization_members_user_id ON public.organization_members USING btree (user_id);


--
-- Name: ix_projects_organization_id_created_at; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_projects_organization_id_created_at ON public.projects USING btree (organization_id, created_at DESC);


--
-- Name: ix_session_handoffs_family_id; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_session_handoffs_family_id ON public.session_handoffs USING btree (family_id);


--
-- Name: ix_session_revocations_revoked_at; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_session_revocations_revoked_at ON public.session_revocations USING btree (revoked_at);


--
-- Name: ix_tasks_organization_id_project_id; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_tasks_organization_id_project_id ON public.tasks USING btree (organization_id, project_id);


--
-- Name: ix_user_sessions_family_id; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_user_sessions_family_id ON public.user_sessions USING btree (family_id);


--
-- Name: ix_user_sessions_provider_sid; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_user_sessions_provider_sid ON public.user_sessions USING btree (provider_issuer, provider_sid);


--
-- Name: ix_user_sessions_user_id; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_user_sessions_user_id ON public.user_sessions USING btree (user_id);


--
-- Name: ix_users_email; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE INDEX ix_users_email ON public.users USING btree (email);


--
-- Name: ux_api_keys_prefix; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE UNIQUE INDEX ux_api_keys_prefix ON public.api_keys USING btree (prefix);


--
-- Name: ux_invitations_open_email; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE UNIQUE INDEX ux_invitations_open_email ON public.invitations USING btree (organization_id, email) WHERE ((accepted_at IS NULL) AND (declined_at IS NULL) AND (revoked_at IS NULL));


--
-- Name: ux_invitations_token_hash; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE UNIQUE INDEX ux_invitations_token_hash ON public.invitations USING btree (token_hash);


--
-- Name: ux_organizations_slug; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE UNIQUE INDEX ux_organizations_slug ON public.organizations USING btree (slug);


--
-- Name: ux_users_issuer_subject; Type: INDEX; Schema: public; Owner: tenantsite_owner
--

CREATE UNIQUE INDEX ux_users_issuer_subject ON public.users USING btree (issuer, subject);


--
-- Name: api_keys tr_api_keys_audit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_api_keys_audit AFTER INSERT OR UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION public.tenantsite_audit();


--
-- Name: api_keys tr_api_keys_check_creator; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_api_keys_check_creator BEFORE INSERT ON public.api_keys FOR EACH ROW WHEN (((new.created_by IS NOT NULL) AND (new.revoked_at IS NULL))) EXECUTE FUNCTION public.tenantsite_check_api_key_creator();


--
-- Name: api_keys tr_api_keys_revoke_without_creator; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_api_keys_revoke_without_creator BEFORE UPDATE OF created_by ON public.api_keys FOR EACH ROW WHEN (((old.created_by IS NOT NULL) AND (new.created_by IS NULL))) EXECUTE FUNCTION public.tenantsite_revoke_api_key_without_creator();


--
-- Name: invitations tr_invitations_audit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_invitations_audit AFTER INSERT OR UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION public.tenantsite_audit();


--
-- Name: organization_members tr_organization_members_audit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organization_members_audit AFTER INSERT OR DELETE OR UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION public.tenantsite_audit();


--
-- Name: organization_members tr_organization_members_keep_one_owner; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE CONSTRAINT TRIGGER tr_organization_members_keep_one_owner AFTER DELETE OR UPDATE ON public.organization_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN ((old.role = 'owner'::text)) EXECUTE FUNCTION public.tenantsite_keep_one_owner();


--
-- Name: organization_members tr_organization_members_live_delete; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organization_members_live_delete AFTER DELETE ON public.organization_members REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_members();


--
-- Name: organization_members tr_organization_members_live_insert; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organization_members_live_insert AFTER INSERT ON public.organization_members REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_members();


--
-- Name: organization_members tr_organization_members_live_update; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organization_members_live_update AFTER UPDATE ON public.organization_members REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_members();


--
-- Name: organization_members tr_organization_members_plan_limit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organization_members_plan_limit BEFORE INSERT ON public.organization_members FOR EACH ROW EXECUTE FUNCTION public.tenantsite_enforce_plan_limit();


--
-- Name: organization_members tr_organization_members_revoke_api_keys; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organization_members_revoke_api_keys AFTER DELETE OR UPDATE ON public.organization_members FOR EACH ROW WHEN ((old.role = ANY (ARRAY['owner'::text, 'admin'::text]))) EXECUTE FUNCTION public.tenantsite_revoke_api_keys_of_member();


--
-- Name: organizations tr_organizations_audit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organizations_audit AFTER INSERT OR UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION public.tenantsite_audit();


--
-- Name: organizations tr_organizations_notify_change; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organizations_notify_change AFTER INSERT OR DELETE OR UPDATE OF name, slug ON public.organizations FOR EACH ROW EXECUTE FUNCTION public.tenantsite_notify_organization_change();


--
-- Name: organizations tr_organizations_plan_limits; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_organizations_plan_limits BEFORE UPDATE OF plan ON public.organizations FOR EACH ROW WHEN ((new.plan IS DISTINCT FROM old.plan)) EXECUTE FUNCTION public.tenantsite_check_plan_change();


--
-- Name: projects tr_projects_audit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_projects_audit AFTER INSERT OR DELETE OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION public.tenantsite_audit();


--
-- Name: projects tr_projects_live_delete; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_projects_live_delete AFTER DELETE ON public.projects REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_projects();


--
-- Name: projects tr_projects_live_insert; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_projects_live_insert AFTER INSERT ON public.projects REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_projects();


--
-- Name: projects tr_projects_live_update; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_projects_live_update AFTER UPDATE ON public.projects REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_projects();


--
-- Name: projects tr_projects_plan_limit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_projects_plan_limit BEFORE INSERT ON public.projects FOR EACH ROW EXECUTE FUNCTION public.tenantsite_enforce_plan_limit();


--
-- Name: session_revocations tr_session_revocations_end; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_session_revocations_end AFTER INSERT ON public.session_revocations FOR EACH ROW EXECUTE FUNCTION public.tenantsite_end_revoked_sessions();


--
-- Name: tasks tr_tasks_audit; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_tasks_audit AFTER INSERT OR DELETE OR UPDATE ON public.tasks FOR EACH ROW EXECUTE FUNCTION public.tenantsite_audit();


--
-- Name: tasks tr_tasks_live_delete; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_tasks_live_delete AFTER DELETE ON public.tasks REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_tasks();


--
-- Name: tasks tr_tasks_live_insert; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_tasks_live_insert AFTER INSERT ON public.tasks REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_tasks();


--
-- Name: tasks tr_tasks_live_update; Type: TRIGGER; Schema: public; Owner: tenantsite_owner
--

CREATE TRIGGER tr_tasks_live_update AFTER UPDATE ON public.tasks REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.tenantsite_notify_live_tasks();


--
-- Name: api_keys fk_api_keys_created_by; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT fk_api_keys_created_by FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: api_keys fk_api_keys_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT fk_api_keys_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: audit_events fk_audit_events_actor_user_id; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT fk_audit_events_actor_user_id FOREIGN KEY (actor_user_id) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: audit_events fk_audit_events_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.audit_events
    ADD CONSTRAINT fk_audit_events_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: idempotent_requests fk_idempotent_requests_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.idempotent_requests
    ADD CONSTRAINT fk_idempotent_requests_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: invitations fk_invitations_accepted_by; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_accepted_by FOREIGN KEY (accepted_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: invitations fk_invitations_invited_by; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_invited_by FOREIGN KEY (invited_by) REFERENCES public.users(id) ON DELETE SET NULL;


--
-- Name: invitations fk_invitations_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT fk_invitations_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: organization_members fk_organization_members_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT fk_organization_members_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: organization_members fk_organization_members_user; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT fk_organization_members_user FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: projects fk_projects_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT fk_projects_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: session_handoffs fk_session_handoffs_family; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.session_handoffs
    ADD CONSTRAINT fk_session_handoffs_family FOREIGN KEY (family_id) REFERENCES public.user_sessions(id) ON DELETE CASCADE;


--
-- Name: tasks fk_tasks_organization; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT fk_tasks_organization FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;


--
-- Name: tasks fk_tasks_project; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT fk_tasks_project FOREIGN KEY (organization_id, project_id) REFERENCES public.projects(organization_id, id) ON DELETE CASCADE;


--
-- Name: user_sessions fk_user_sessions_user; Type: FK CONSTRAINT; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE ONLY public.user_sessions
    ADD CONSTRAINT fk_user_sessions_user FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;


--
-- Name: api_keys; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.api_keys ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_events; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.audit_events ENABLE ROW LEVEL SECURITY;

--
-- Name: organizations current_delete; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY current_delete ON public.organizations FOR DELETE USING ((id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: organizations current_update; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY current_update ON public.organizations FOR UPDATE USING ((id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: idempotent_requests; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.idempotent_requests ENABLE ROW LEVEL SECURITY;

--
-- Name: invitations invitation_link; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY invitation_link ON public.invitations FOR SELECT TO tenantsite_owner USING ((token_hash = decode(NULLIF(current_setting('app.invitation_token_hash'::text, true), ''::text), 'hex'::text)));


--
-- Name: invitations; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;

--
-- Name: invitations invitee_read; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY invitee_read ON public.invitations FOR SELECT TO tenantsite_owner USING ((email = ( SELECT u.email
   FROM public.users u
  WHERE ((u.id = ( SELECT public.tenantsite_current_user_id() AS tenantsite_current_user_id)) AND u.email_verified))));


--
-- Name: api_keys key_lookup; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY key_lookup ON public.api_keys FOR SELECT TO tenantsite_owner USING ((prefix = current_setting('app.api_key_prefix'::text, true)));


--
-- Name: logout_token_uses; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.logout_token_uses ENABLE ROW LEVEL SECURITY;

--
-- Name: organizations member_read; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY member_read ON public.organizations FOR SELECT USING (((id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)) OR (EXISTS ( SELECT 1
   FROM public.organization_members m
  WHERE ((m.organization_id = organizations.id) AND (m.user_id = ( SELECT public.tenantsite_current_user_id() AS tenantsite_current_user_id)))))));


--
-- Name: organization_members; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.organization_members ENABLE ROW LEVEL SECURITY;

--
-- Name: organizations; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;

--
-- Name: organization_members own_memberships; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY own_memberships ON public.organization_members FOR SELECT USING ((user_id = ( SELECT public.tenantsite_current_user_id() AS tenantsite_current_user_id)));


--
-- Name: user_sessions own_sessions; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY own_sessions ON public.user_sessions USING ((user_id = ( SELECT public.tenantsite_current_user_id() AS tenantsite_current_user_id))) WITH CHECK ((user_id = ( SELECT public.tenantsite_current_user_id() AS tenantsite_current_user_id)));


--
-- Name: projects; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;

--
-- Name: users self_or_fellow_member_read; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY self_or_fellow_member_read ON public.users FOR SELECT USING (((id = ( SELECT public.tenantsite_current_user_id() AS tenantsite_current_user_id)) OR (EXISTS ( SELECT 1
   FROM public.organization_members m
  WHERE ((m.user_id = users.id) AND (m.organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)))))));


--
-- Name: session_handoffs; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.session_handoffs ENABLE ROW LEVEL SECURITY;

--
-- Name: tasks; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;

--
-- Name: api_keys tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.api_keys USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: audit_events tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.audit_events USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: idempotent_requests tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.idempotent_requests USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: invitations tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.invitations USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: organization_members tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.organization_members USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: projects tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.projects USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: tasks tenant_isolation; Type: POLICY; Schema: public; Owner: tenantsite_owner
--

CREATE POLICY tenant_isolation ON public.tasks USING ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id))) WITH CHECK ((organization_id = ( SELECT public.tenantsite_current_org_id() AS tenantsite_current_org_id)));


--
-- Name: user_sessions; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.user_sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: users; Type: ROW SECURITY; Schema: public; Owner: tenantsite_owner
--

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;

--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT USAGE ON SCHEMA public TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_answer_found_invitation(p_org uuid, p_invitation uuid, p_user uuid, p_accept boolean, p_email text, p_token_hash bytea); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_answer_found_invitation(p_org uuid, p_invitation uuid, p_user uuid, p_accept boolean, p_email text, p_token_hash bytea) FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_answer_invitation(p_invitation uuid, p_accept boolean); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_answer_invitation(p_invitation uuid, p_accept boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_answer_invitation(p_invitation uuid, p_accept boolean) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_audit(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_audit() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_audit_write(p_org uuid, p_action text, p_target_type text, p_target uuid, p_label text, p_details jsonb); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_audit_write(p_org uuid, p_action text, p_target_type text, p_target uuid, p_label text, p_details jsonb) FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_authenticate_api_key(p_prefix text, p_secret_hash bytea); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_authenticate_api_key(p_prefix text, p_secret_hash bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_authenticate_api_key(p_prefix text, p_secret_hash bytea) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_check_api_key_creator(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_check_api_key_creator() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_check_plan_change(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_check_plan_change() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_create_organization(p_name text, p_slug text); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_create_organization(p_name text, p_slug text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_create_organization(p_name text, p_slug text) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_create_session_handoff(p_code_hash bytea, p_family uuid, p_target_host text, p_return_url text, p_binding_hash bytea, p_lifetime interval); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_create_session_handoff(p_code_hash bytea, p_family uuid, p_target_host text, p_return_url text, p_binding_hash bytea, p_lifetime interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_create_session_handoff(p_code_hash bytea, p_family uuid, p_target_host text, p_return_url text, p_binding_hash bytea, p_lifetime interval) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_delete_expired_sessions(p_idle interval); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_delete_expired_sessions(p_idle interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_delete_expired_sessions(p_idle interval) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_end_provider_sessions(p_issuer text, p_subject text, p_sid text, p_jti text, p_token_expires timestamp with time zone, p_keep interval); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_end_provider_sessions(p_issuer text, p_subject text, p_sid text, p_jti text, p_token_expires timestamp with time zone, p_keep interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_end_provider_sessions(p_issuer text, p_subject text, p_sid text, p_jti text, p_token_expires timestamp with time zone, p_keep interval) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_end_revoked_sessions(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_end_revoked_sessions() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_enforce_plan_limit(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_enforce_plan_limit() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_find_invitation_by_token(p_token_hash bytea, OUT organization_id uuid, OUT id uuid); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_find_invitation_by_token(p_token_hash bytea, OUT organization_id uuid, OUT id uuid) FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_invitation_link(p_token_hash bytea); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_invitation_link(p_token_hash bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_invitation_link(p_token_hash bytea) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_keep_one_owner(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_keep_one_owner() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_notify_live_members(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_notify_live_members() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_notify_live_projects(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_notify_live_projects() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_notify_live_tasks(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_notify_live_tasks() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_notify_organization_change(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_notify_organization_change() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_pending_invitations(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_pending_invitations() FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_pending_invitations() TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_redeem_session_handoff(p_code_hash bytea, p_host text, p_binding_hash bytea, p_user_agent text, p_client_address inet); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_redeem_session_handoff(p_code_hash bytea, p_host text, p_binding_hash bytea, p_user_agent text, p_client_address inet) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_redeem_session_handoff(p_code_hash bytea, p_host text, p_binding_hash bytea, p_user_agent text, p_client_address inet) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_resolve_organization(p_slug text); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_resolve_organization(p_slug text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_resolve_organization(p_slug text) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_revoke_api_key_without_creator(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_revoke_api_key_without_creator() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_revoke_api_keys_of_member(); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_revoke_api_keys_of_member() FROM PUBLIC;


--
-- Name: FUNCTION tenantsite_touch_sessions(p_ids uuid[]); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_touch_sessions(p_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_touch_sessions(p_ids uuid[]) TO tenantsite_app;


--
-- Name: FUNCTION tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text, p_email_verified boolean); Type: ACL; Schema: public; Owner: tenantsite_owner
--

REVOKE ALL ON FUNCTION public.tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text, p_email_verified boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text, p_email_verified boolean) TO tenantsite_app;


--
-- Name: TABLE "__EFMigrationsHistory"; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT ON TABLE public."__EFMigrationsHistory" TO tenantsite_app;


--
-- Name: TABLE api_keys; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.api_keys TO tenantsite_app;


--
-- Name: TABLE audit_events; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT ON TABLE public.audit_events TO tenantsite_app;


--
-- Name: TABLE data_protection_keys; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT ON TABLE public.data_protection_keys TO tenantsite_app;


--
-- Name: TABLE idempotent_requests; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.idempotent_requests TO tenantsite_app;


--
-- Name: TABLE invitations; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.invitations TO tenantsite_app;


--
-- Name: TABLE organization_members; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.organization_members TO tenantsite_app;


--
-- Name: TABLE organizations; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,DELETE,UPDATE ON TABLE public.organizations TO tenantsite_app;


--
-- Name: TABLE plan_limits; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT ON TABLE public.plan_limits TO tenantsite_app;


--
-- Name: TABLE projects; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.projects TO tenantsite_app;


--
-- Name: TABLE session_revocations; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT ON TABLE public.session_revocations TO tenantsite_app;


--
-- Name: TABLE tasks; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.tasks TO tenantsite_app;


--
-- Name: TABLE user_sessions; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT,INSERT ON TABLE public.user_sessions TO tenantsite_app;


--
-- Name: TABLE users; Type: ACL; Schema: public; Owner: tenantsite_owner
--

GRANT SELECT ON TABLE public.users TO tenantsite_app;


--
-- PostgreSQL database dump complete
--
