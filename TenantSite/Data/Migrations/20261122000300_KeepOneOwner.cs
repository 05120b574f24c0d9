using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// The database backstop for "an organization always keeps at least one owner" (the Members page checks it first
/// and explains; this catches races and any other writer). A constraint trigger, deferred to commit, so that a
/// transaction may promote one owner and demote another in either order.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000300_KeepOneOwner")]
public sealed partial class KeepOneOwner : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            -- SECURITY DEFINER with a fixed search_path: organizations is RLS-protected for the runtime role, and a
            -- deleted user's memberships cascade with whatever tenant the transaction carries (or none).
            CREATE FUNCTION tenantsite_keep_one_owner() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                DECLARE
                    v_previous text := current_setting('app.current_org_id', true);
                    v_has_owner boolean;
                BEGIN
                    -- Deleting the organization cascades to its members: nothing is left to keep an owner for.
                    IF NOT EXISTS (SELECT 1 FROM public.organizations o WHERE o.id = OLD.organization_id) THEN
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
            REVOKE EXECUTE ON FUNCTION tenantsite_keep_one_owner() FROM PUBLIC;

            -- Only a row that was an owner can take the last owner away.
            CREATE CONSTRAINT TRIGGER tr_organization_members_keep_one_owner
                AFTER UPDATE OR DELETE ON organization_members
                DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW WHEN (OLD.role = 'owner')
                EXECUTE FUNCTION tenantsite_keep_one_owner();
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER tr_organization_members_keep_one_owner ON organization_members;
            DROP FUNCTION tenantsite_keep_one_owner();
            """);
    }
}
