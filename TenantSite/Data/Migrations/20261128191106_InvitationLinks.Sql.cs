namespace TenantSite.Data.Migrations;

// The SQL half of the InvitationLinks migration: what the EF model does not describe.
public partial class InvitationLinks
{
    private const string Policy = """
        -- A link names no tenant: the functions below find its invitation by the token's hash, which they hand over as
        -- app.invitation_token_hash first. For the role migrating now (the functions' owner, bound by FORCE) alone, and
        -- only that one row: to the runtime role, invitations stay strictly per tenant.
        CREATE POLICY invitation_link ON invitations FOR SELECT TO CURRENT_USER
            USING (token_hash = decode(nullif(current_setting('app.invitation_token_hash', true), ''), 'hex'));
        """;

    private const string Functions = """
        -- What a link's holder may know of its invitation, whoever they are (signed in or not): the token is the
        -- credential. state is open, expired, revoked, accepted or declined; accepted_by_caller says whether the
        -- signed-in user is the one who accepted it. No row for an unknown token.
        CREATE FUNCTION tenantsite_invitation_link(p_token_hash bytea)
            RETURNS TABLE (organization_slug text, organization_name text, email text, role text, invited_by text,
                           expires_at timestamptz, state text, accepted_by_caller boolean)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_previous text := current_setting('app.current_org_id', true);
                v_org uuid;
                v_id uuid;
            BEGIN
                PERFORM set_config('app.invitation_token_hash', encode(p_token_hash, 'hex'), true);
                SELECT i.organization_id, i.id INTO v_org, v_id FROM public.invitations i WHERE i.token_hash = p_token_hash;
                PERFORM set_config('app.invitation_token_hash', '', true);
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

        -- Accepts (joining with the invited role) or declines the open, unexpired invitation of a link, for the signed-in
        -- user, whatever their email: the link is the credential. Returns the organization and the user's role there
        -- (NULL after a decline; the existing role when they were a member already, which an invitation never changes).
        -- No row when the link is unknown or its invitation not open: tenantsite_invitation_link says why. Raises
        -- without a signed-in user, and when the organization's plan is full (the membership trigger), which undoes
        -- the answer too.
        CREATE FUNCTION tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean)
            RETURNS TABLE (organization_slug text, organization_name text, member_role text, joined boolean)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            DECLARE
                v_user uuid := public.tenantsite_current_user_id();
                v_previous text := current_setting('app.current_org_id', true);
                v_org uuid;
                v_id uuid;
                v_role text;
                v_joined boolean := false;
            BEGIN
                IF v_user IS NULL THEN
                    RAISE EXCEPTION 'no signed-in user' USING ERRCODE = '42501';
                END IF;
                IF p_accept IS NULL THEN
                    RAISE EXCEPTION 'accept or decline' USING ERRCODE = '22004';
                END IF;
                PERFORM set_config('app.invitation_token_hash', encode(p_token_hash, 'hex'), true);
                SELECT i.organization_id, i.id INTO v_org, v_id FROM public.invitations i WHERE i.token_hash = p_token_hash;
                PERFORM set_config('app.invitation_token_hash', '', true);
                IF v_org IS NULL THEN
                    RETURN;
                END IF;

                -- invitations and organization_members are FORCEd: enter the invitation's organization for the writes.
                -- The UPDATE re-checks everything, so of two concurrent answers only one finds the row.
                PERFORM set_config('app.current_org_id', v_org::text, true);
                UPDATE public.invitations i
                    SET accepted_at = CASE WHEN p_accept THEN now() END,
                        accepted_by = CASE WHEN p_accept THEN v_user END,
                        declined_at = CASE WHEN p_accept THEN NULL ELSE now() END
                    WHERE i.organization_id = v_org AND i.id = v_id AND i.token_hash = p_token_hash
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

        REVOKE EXECUTE ON FUNCTION tenantsite_invitation_link(bytea), tenantsite_answer_invitation_link(bytea, boolean) FROM PUBLIC;
        """;

    private const string Drop = """
        DROP FUNCTION tenantsite_answer_invitation_link(bytea, boolean), tenantsite_invitation_link(bytea);
        DROP POLICY invitation_link ON invitations;
        """;
}
