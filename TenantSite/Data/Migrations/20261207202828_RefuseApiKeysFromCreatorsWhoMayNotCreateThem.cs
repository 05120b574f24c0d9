using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// Closes the race RevokeApiKeysOfCreatorsWhoMayNoLongerCreateThem leaves open. A key saved while its creator is being
/// demoted was missed by the demotion's revocation, which cannot see a key not yet committed. Now a new key's creator
/// must be an owner or admin of its organization when it is saved, and their membership row is locked while the key's
/// transaction lasts: a concurrent demotion or removal either waits and then revokes the key, or goes first and the key
/// is refused. The model is unchanged, so the snapshot is too.
/// </summary>
public sealed partial class RefuseApiKeysFromCreatorsWhoMayNotCreateThem : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- Before an active key with a creator is added. FOR SHARE waits for a change of that membership in progress,
            -- then reads the row as committed. A key made with no creator (an operator's) or already revoked grants
            -- nobody's right: nothing to check.
            CREATE FUNCTION tenantsite_check_api_key_creator() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
            REVOKE EXECUTE ON FUNCTION tenantsite_check_api_key_creator() FROM PUBLIC;

            CREATE TRIGGER tr_api_keys_check_creator
                BEFORE INSERT ON api_keys
                FOR EACH ROW WHEN (NEW.created_by IS NOT NULL AND NEW.revoked_at IS NULL)
                EXECUTE FUNCTION tenantsite_check_api_key_creator();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER tr_api_keys_check_creator ON api_keys;
            DROP FUNCTION tenantsite_check_api_key_creator();
            """);
    }
}
