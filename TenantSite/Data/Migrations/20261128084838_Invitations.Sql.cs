namespace TenantSite.Data.Migrations;

// The SQL half of the Invitations migration: what the EF model does not describe.
public sealed partial class Invitations
{
    private const string RowLevelSecurity = """
        -- Tenant-owned like every other table: FORCEd, one policy for every command.
        ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
        ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON invitations FOR ALL
            USING (organization_id = (SELECT tenantsite_current_org_id()))
            WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));

        -- Before a tenant is chosen, the invitee's definer functions below read the invitations addressed to the
        -- signed-in user's verified email, in every organization. They run as the role migrating now, which owns the
        -- table and so is bound by FORCE as well. The policy is for that role alone (TO CURRENT_USER): to the runtime
        -- role, invitations stay strictly per tenant, and the functions are its only way to its own.
        CREATE POLICY invitee_read ON invitations FOR SELECT TO CURRENT_USER
            USING (email = (SELECT u.email FROM users u
                            WHERE u.id = (SELECT tenantsite_current_user_id()) AND u.email_verified));
        """;

    private const string Functions = """
        -- The enumeration door of "add member by email" (it answered whether an address had an account).
        DROP FUNCTION tenantsite_find_user_by_email(text);

        -- The signed-in user's open, unexpired invitations in every organization, matched by the verified email stored
        -- for app.current_user_id (never by an address the caller supplies). Raises without a signed-in user.
        CREATE FUNCTION tenantsite_pending_invitations()
            RETURNS TABLE (invitation_id uuid, organization_name text, role text, invited_by text, expires_at timestamptz)
            LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        -- Accepts (joining with the invited role) or declines one of the signed-in user's open, unexpired invitations.
        -- Returns the organization and the user's role there (NULL after a decline; the existing role when they were a
        -- member already, which an invitation never changes). No row when the id is unknown, not addressed to this
        -- user's verified email, expired, revoked or answered: the caller cannot tell these apart. Raises without a
        -- signed-in user.
        CREATE FUNCTION tenantsite_answer_invitation(p_invitation uuid, p_accept boolean)
            RETURNS TABLE (organization_slug text, organization_name text, member_role text, joined boolean)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_user uuid := public.tenantsite_current_user_id();
                v_previous text := current_setting('app.current_org_id', true);
                v_org uuid;
                v_email text;
                v_role text;
                v_joined boolean := false;
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

                -- invitations and organization_members are FORCEd: enter the invitation's organization for the writes,
                -- then restore. The UPDATE re-checks everything, so of two concurrent answers only one finds the row.
                PERFORM set_config('app.current_org_id', v_org::text, true);
                UPDATE public.invitations i
                    SET accepted_at = CASE WHEN p_accept THEN now() END,
                        accepted_by = CASE WHEN p_accept THEN v_user END,
                        declined_at = CASE WHEN p_accept THEN NULL ELSE now() END
                    WHERE i.organization_id = v_org AND i.id = p_invitation AND i.email = v_email
                      AND i.accepted_at IS NULL AND i.declined_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now()
                    RETURNING i.role INTO v_role;
                IF FOUND AND p_accept THEN
                    INSERT INTO public.organization_members (organization_id, user_id, role)
                        VALUES (v_org, v_user, v_role)
                        ON CONFLICT ON CONSTRAINT pk_organization_members DO NOTHING;
                    v_joined := FOUND;
                    IF NOT v_joined THEN
                        SELECT m.role INTO v_role FROM public.organization_members m
                        WHERE m.organization_id = v_org AND m.user_id = v_user;
                    END IF;
                END IF;
                PERFORM set_config('app.current_org_id', coalesce(v_previous, ''), true);
                IF v_role IS NULL THEN
                    RETURN;
                END IF;

                RETURN QUERY
                    SELECT o.slug, o.name, CASE WHEN p_accept THEN v_role END, v_joined
                    FROM public.organizations o WHERE o.id = v_org;
            END
            $$;

        REVOKE EXECUTE ON FUNCTION tenantsite_pending_invitations(), tenantsite_answer_invitation(uuid, boolean) FROM PUBLIC;
        """;

    // Down: the lookup as RowLevelSecurity made it.
    private const string RestoreFunctions = """
        DROP FUNCTION tenantsite_answer_invitation(uuid, boolean), tenantsite_pending_invitations();
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
        REVOKE EXECUTE ON FUNCTION tenantsite_find_user_by_email(text) FROM PUBLIC;
        """;
}
