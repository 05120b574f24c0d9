namespace TenantSite.Data.Migrations;

// The SQL half of the ApiKeys migration: what the EF model does not describe.
public partial class ApiKeys
{
    private const string RowLevelSecurity = """
        -- Tenant-owned like every other table: FORCEd, one policy for every command.
        ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
        ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
        CREATE POLICY tenant_isolation ON api_keys FOR ALL
            USING (organization_id = (SELECT tenantsite_current_org_id()))
            WITH CHECK (organization_id = (SELECT tenantsite_current_org_id()));

        -- A request's key names no tenant: tenantsite_authenticate_api_key below finds it by its public prefix, which
        -- it hands over as app.api_key_prefix first. The policy is for the role migrating now (the function's owner,
        -- bound by FORCE) alone, and shows it that one row: to the runtime role, keys stay strictly per tenant.
        CREATE POLICY key_lookup ON api_keys FOR SELECT TO CURRENT_USER
            USING (prefix = current_setting('app.api_key_prefix', true));
        """;

    private const string Functions = """
        -- The key whose prefix and SHA-256 hash are given, if it is not revoked: its id, organization, role and name. No
        -- row otherwise, whether the prefix is unknown, the secret wrong or the key revoked: the caller cannot tell these
        -- apart. Records the use at most once a minute, so that a busy key is not a write on every request.
        CREATE FUNCTION tenantsite_authenticate_api_key(p_prefix text, p_secret_hash bytea)
            RETURNS TABLE (key_id uuid, organization_id uuid, role text, name text)
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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

        REVOKE EXECUTE ON FUNCTION tenantsite_authenticate_api_key(text, bytea) FROM PUBLIC;
        """;

    private const string DropFunctions = "DROP FUNCTION tenantsite_authenticate_api_key(text, bytea);";
}
