namespace TenantSite.Data.Migrations;

// The SQL half of the AnswerInvitationsInOneFunction migration.
public sealed partial class AnswerInvitationsInOneFunction
{
    private const string Helpers = """
        -- The invitation a link's token names, looked up as the functions' owner through the invitation_link policy,
        -- which reads the token's hash from app.invitation_token_hash for this lookup only. NULLs for an unknown token.
        -- Runs with its caller's rights: only the link functions, as the owner, call it.
        CREATE FUNCTION tenantsite_find_invitation_by_token(p_token_hash bytea, OUT organization_id uuid, OUT id uuid)
            LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
            AS $$
            BEGIN
                PERFORM set_config('app.invitation_token_hash', encode(p_token_hash, 'hex'), true);
                SELECT i.organization_id, i.id INTO organization_id, id FROM public.invitations i WHERE i.token_hash = p_token_hash;
                PERFORM set_config('app.invitation_token_hash', '', true);
            END
            $$;

        -- Accepts (joining with the invited role) or declines, for p_user, the invitation a door found by its credential:
        -- the invitee's verified email (p_email) or a link's token (p_token_hash), exactly one, which the UPDATE checks
        -- again with everything else. So of two concurrent answers only one finds the row, and neither does once the
        -- credential changed meanwhile. Returns the organization and the user's role there (NULL after a decline; the
        -- existing role when they were a member already, which an invitation never changes); no row when the
        -- invitation is no longer open. Raises when the organization's plan is full (the membership trigger), which
        -- undoes the answer too. Runs with its caller's rights: only the two doors, as the owner, call it.
        CREATE FUNCTION tenantsite_answer_found_invitation(p_org uuid, p_invitation uuid, p_user uuid, p_accept boolean,
                                                           p_email text, p_token_hash bytea)
            RETURNS TABLE (organization_slug text, organization_name text, member_role text, joined boolean)
            LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp
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

        REVOKE EXECUTE ON FUNCTION tenantsite_find_invitation_by_token(bytea),
            tenantsite_answer_found_invitation(uuid, uuid, uuid, boolean, text, bytea) FROM PUBLIC;
        """;

    // The doors keep their signatures, comments in Invitations and InvitationLinks, owner and grants.
    private const string Doors = """
        CREATE OR REPLACE FUNCTION tenantsite_answer_invitation(p_invitation uuid, p_accept boolean)
            RETURNS TABLE (organization_slug text, organization_name text, member_role text, joined boolean)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        CREATE OR REPLACE FUNCTION tenantsite_invitation_link(p_token_hash bytea)
            RETURNS TABLE (organization_slug text, organization_name text, email text, role text, invited_by text,
                           expires_at timestamptz, state text, accepted_by_caller boolean)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        CREATE OR REPLACE FUNCTION tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean)
            RETURNS TABLE (organization_slug text, organization_name text, member_role text, joined boolean)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
        """;

    // Down: the doors as Invitations and InvitationLinks made them, each with its own copy of the block.
    private const string DoorsAsTheyWere = """
        CREATE OR REPLACE FUNCTION tenantsite_answer_invitation(p_invitation uuid, p_accept boolean)
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

        CREATE OR REPLACE FUNCTION tenantsite_invitation_link(p_token_hash bytea)
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

        CREATE OR REPLACE FUNCTION tenantsite_answer_invitation_link(p_token_hash bytea, p_accept boolean)
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
        """;

    private const string DropHelpers = """
        DROP FUNCTION tenantsite_answer_found_invitation(uuid, uuid, uuid, boolean, text, bytea),
            tenantsite_find_invitation_by_token(bytea);
        """;
}
