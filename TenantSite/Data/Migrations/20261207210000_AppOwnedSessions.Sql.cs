namespace TenantSite.Data.Migrations;

// The SQL half of the AppOwnedSessions migration: what the EF model does not describe.
public partial class AppOwnedSessions
{
    private const string Policies = """
        -- A user's sessions are theirs alone: the runtime role reads and adds only the signed-in user's. Not FORCEd, like
        -- users: the functions below run as the owner and act across users (a handoff, a provider's logout).
        ALTER TABLE user_sessions ENABLE ROW LEVEL SECURITY;
        CREATE POLICY own_sessions ON user_sessions FOR ALL
            USING (user_id = (SELECT tenantsite_current_user_id()))
            WITH CHECK (user_id = (SELECT tenantsite_current_user_id()));
        -- Only the functions below touch these; the runtime role has no grant on them at all.
        ALTER TABLE session_handoffs ENABLE ROW LEVEL SECURITY;
        ALTER TABLE logout_token_uses ENABLE ROW LEVEL SECURITY;
        COMMENT ON TABLE session_revocations IS
            'Ended session families (user_sessions.family_id), polled by every instance; belongs to no tenant (no RLS).';
        """;

    private const string Functions = """
        -- One write ends a family wherever it comes from (a sign-out, the Sessions page, the poll's retry, a provider's
        -- logout): the revocation row, which every instance polls; this trigger marks the family's rows ended.
        CREATE FUNCTION tenantsite_end_revoked_sessions() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
            BEGIN
                -- Rows written before the sessions were the app's own held a provider's sid, which names no family.
                IF NEW.session_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
                    UPDATE public.user_sessions SET ended_at = NEW.revoked_at
                    WHERE family_id = NEW.session_id::uuid AND ended_at IS NULL;
                END IF;
                RETURN NULL;
            END
            $$;
        CREATE TRIGGER tr_session_revocations_end AFTER INSERT ON session_revocations
            FOR EACH ROW EXECUTE FUNCTION tenantsite_end_revoked_sessions();
        REVOKE EXECUTE ON FUNCTION tenantsite_end_revoked_sessions() FROM PUBLIC;

        -- The root domain hands the signed-in user's live sign-in to another host: a code (stored hashed) that only that
        -- host can redeem, once, soon, and only in the browser that asked (the binding). False when the family is not
        -- the user's or has ended.
        CREATE FUNCTION tenantsite_create_session_handoff(p_code_hash bytea, p_family uuid, p_target_host text,
                p_return_url text, p_binding_hash bytea, p_lifetime interval)
            RETURNS boolean
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        -- Redeems a handoff on the host it was made for: the code is spent whatever happens next, so a code that leaked
        -- works at most once, and only here, in its browser, before it expires, while its family lives. Returns the new
        -- child session and who it is for; no row otherwise.
        CREATE FUNCTION tenantsite_redeem_session_handoff(p_code_hash bytea, p_host text, p_binding_hash bytea,
                p_user_agent text, p_client_address inet)
            RETURNS TABLE (session_id uuid, family_id uuid, user_id uuid, email text, name text, return_url text)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        -- A provider's back-channel logout: ends the sign-ins it names (by its sid, by its subject, or both) and records
        -- the token's jti, so that a replay is refused (NULL). Returns the families it ended (maybe none).
        CREATE FUNCTION tenantsite_end_provider_sessions(p_issuer text, p_subject text, p_sid text, p_jti text,
                p_token_expires timestamptz, p_keep interval)
            RETURNS uuid[]
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        -- When each session was last used, for the Sessions page: every instance batches its sightings.
        CREATE FUNCTION tenantsite_touch_sessions(p_ids uuid[]) RETURNS void
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
            AS $$
                UPDATE public.user_sessions SET last_seen_at = now() WHERE id = ANY(p_ids) AND ended_at IS NULL
            $$;

        -- The only deletes: what no cookie can use any more. p_idle is the cookie's lifetime: a session unused that long
        -- has no live cookie left.
        CREATE FUNCTION tenantsite_delete_expired_sessions(p_idle interval) RETURNS void
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        REVOKE EXECUTE ON FUNCTION tenantsite_create_session_handoff(bytea, uuid, text, text, bytea, interval),
            tenantsite_redeem_session_handoff(bytea, text, bytea, text, inet),
            tenantsite_end_provider_sessions(text, text, text, text, timestamptz, interval),
            tenantsite_touch_sessions(uuid[]), tenantsite_delete_expired_sessions(interval) FROM PUBLIC;
        """;

    private const string Drop = """
        DROP TRIGGER tr_session_revocations_end ON session_revocations;
        DROP FUNCTION tenantsite_end_revoked_sessions(), tenantsite_create_session_handoff(bytea, uuid, text, text, bytea, interval),
            tenantsite_redeem_session_handoff(bytea, text, bytea, text, inet),
            tenantsite_end_provider_sessions(text, text, text, text, timestamptz, interval),
            tenantsite_touch_sessions(uuid[]), tenantsite_delete_expired_sessions(interval);
        """;
}
