using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// Sign-in no longer erases a user's stored email or name when the identity provider sends none (some send them
/// only on the first sign-in, or only for some scopes): a non-empty new value still replaces the old one, an empty
/// or missing one keeps it, and a new user without an email gets NULL rather than ''. CREATE OR REPLACE keeps the
/// function's owner and grants; the model is unchanged, so the snapshot is too.
/// </summary>
public sealed partial class KeepUserProfileWhenClaimsAreMissing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text)
                RETURNS uuid
                LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                    INSERT INTO public.users AS u (issuer, subject, email, name)
                    VALUES (p_issuer, p_subject, nullif(lower(p_email), ''), nullif(p_name, ''))
                    ON CONFLICT (issuer, subject) DO UPDATE
                        SET email = coalesce(nullif(lower(p_email), ''), u.email),
                            name = coalesce(nullif(p_name, ''), u.name)
                    RETURNING u.id
                $$;
            """);
    }

    // The definition from RowLevelSecurity, which overwrote both with whatever the sign-in carried.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text)
                RETURNS uuid
                LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                    INSERT INTO public.users AS u (issuer, subject, email, name)
                    VALUES (p_issuer, p_subject, lower(p_email), p_name)
                    ON CONFLICT (issuer, subject) DO UPDATE SET email = excluded.email, name = excluded.name
                    RETURNING u.id
                $$;
            """);
    }
}
