using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// An API key no longer outlives its creator's right to create keys (manage:settings: owners and admins, see
/// Auth/Permissions.cs). When the creator is removed, leaves, drops below admin or is deleted, their active keys are
/// revoked by triggers in the same transaction, whoever writes (pages, API, psql). The audit trigger records each as
/// api_key.revoked. The key check stays one lookup, since a revoked key is already refused. The model is unchanged, so
/// the snapshot is too.
/// </summary>
public sealed partial class RevokeApiKeysOfCreatorsWhoMayNoLongerCreateThem : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- After a membership of an owner or admin is deleted or changed: unless they are still an owner or admin of
            -- the same organization, revoke the active keys they created there. The roles are those Permissions grants
            -- manage:settings (ApiKeyCreatorShould checks the two agree).
            CREATE FUNCTION tenantsite_revoke_api_keys_of_member() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
            REVOKE EXECUTE ON FUNCTION tenantsite_revoke_api_keys_of_member() FROM PUBLIC;

            CREATE TRIGGER tr_organization_members_revoke_api_keys
                AFTER UPDATE OR DELETE ON organization_members
                FOR EACH ROW WHEN (OLD.role IN ('owner', 'admin'))
                EXECUTE FUNCTION tenantsite_revoke_api_keys_of_member();

            -- A deleted user's keys lose their creator through the foreign key's SET NULL, which may run before the
            -- trigger above sees the cascaded membership (then it finds no key of theirs): the key is revoked as its
            -- creator is cleared, whatever the order.
            CREATE FUNCTION tenantsite_revoke_api_key_without_creator() RETURNS trigger
                LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
                AS $$
                BEGIN
                    NEW.revoked_at := coalesce(NEW.revoked_at, now());
                    RETURN NEW;
                END
                $$;
            REVOKE EXECUTE ON FUNCTION tenantsite_revoke_api_key_without_creator() FROM PUBLIC;

            CREATE TRIGGER tr_api_keys_revoke_without_creator
                BEFORE UPDATE OF created_by ON api_keys
                FOR EACH ROW WHEN (OLD.created_by IS NOT NULL AND NEW.created_by IS NULL)
                EXECUTE FUNCTION tenantsite_revoke_api_key_without_creator();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER tr_api_keys_revoke_without_creator ON api_keys;
            DROP FUNCTION tenantsite_revoke_api_key_without_creator();
            DROP TRIGGER tr_organization_members_revoke_api_keys ON organization_members;
            DROP FUNCTION tenantsite_revoke_api_keys_of_member();
            """);
    }
}
