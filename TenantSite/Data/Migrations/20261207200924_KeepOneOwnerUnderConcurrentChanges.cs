using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// The KeepOneOwner trigger now locks the organization's row before it counts the owners. Without the lock, two owners
/// who demoted or removed each other at the same moment each counted the other as an owner still there, and both
/// committed: an organization without an owner. CREATE OR REPLACE keeps the function's owner and grants; the model is
/// unchanged, so the snapshot is too.
/// </summary>
public sealed partial class KeepOneOwnerUnderConcurrentChanges : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION tenantsite_keep_one_owner() RETURNS trigger
                LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
            """);
    }

    // The definition from KeepOneOwner, which counted without a lock.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION tenantsite_keep_one_owner() RETURNS trigger
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
            """);
    }
}
