using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// Sign-in records whether the identity provider vouched for the user's email (<c>email_verified</c>), so that only a
/// vouched-for address ever matches an invitation: <c>users.email_verified</c>, false for existing rows until their
/// next sign-in, and tenantsite_upsert_user with one more argument. A sign-in without an email keeps the stored email
/// together with its flag. The new signature gets its grant from <c>migrate</c> (RuntimeRole), like every function;
/// so does the old one that <see cref="Down"/> restores.
/// </summary>
public sealed partial class RecordWhetherEmailsAreVerified : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(
            name: "email_verified",
            table: "users",
            type: "boolean",
            nullable: false,
            defaultValue: false);

        migrationBuilder.Sql("""
            DROP FUNCTION tenantsite_upsert_user(text, text, text, text);
            CREATE FUNCTION tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text, p_email_verified boolean)
                RETURNS uuid
                LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$
                    INSERT INTO public.users AS u (issuer, subject, email, email_verified, name)
                    VALUES (p_issuer, p_subject, nullif(lower(p_email), ''),
                            nullif(p_email, '') IS NOT NULL AND coalesce(p_email_verified, false), nullif(p_name, ''))
                    ON CONFLICT (issuer, subject) DO UPDATE
                        SET email = coalesce(excluded.email, u.email),
                            email_verified = CASE WHEN excluded.email IS NULL THEN u.email_verified ELSE excluded.email_verified END,
                            name = coalesce(excluded.name, u.name)
                    RETURNING u.id
                $$;
            REVOKE EXECUTE ON FUNCTION tenantsite_upsert_user(text, text, text, text, boolean) FROM PUBLIC;
            """);
    }

    // The function as KeepUserProfileWhenClaimsAreMissing left it.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP FUNCTION tenantsite_upsert_user(text, text, text, text, boolean);
            CREATE FUNCTION tenantsite_upsert_user(p_issuer text, p_subject text, p_email text, p_name text)
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
            REVOKE EXECUTE ON FUNCTION tenantsite_upsert_user(text, text, text, text) FROM PUBLIC;
            """);

        migrationBuilder.DropColumn(
            name: "email_verified",
            table: "users");
    }
}
