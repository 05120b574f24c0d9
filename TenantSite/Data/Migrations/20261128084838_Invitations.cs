using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// Consent instead of enumeration: "add member by email" becomes an invitation that the invited user accepts. Adds the
/// tenant-owned <c>invitations</c> table under RLS, drops tenantsite_find_user_by_email (it told whether an address had
/// an account), and adds the two doors the invitee uses before any tenant is chosen; the SQL is in
/// <c>20261128084838_Invitations.Sql.cs</c>. New functions get their runtime grants from <c>migrate</c> (RuntimeRole),
/// like every function; so does the lookup that <see cref="Down"/> restores.
/// </summary>
public sealed partial class Invitations : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "invitations",
            columns: table => new
            {
                organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                email = table.Column<string>(type: "text", nullable: false),
                role = table.Column<string>(type: "text", nullable: false),
                invited_by = table.Column<Guid>(type: "uuid", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                accepted_by = table.Column<Guid>(type: "uuid", nullable: true),
                declined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_invitations", x => new { x.organization_id, x.id });
                table.CheckConstraint("ck_invitations_email_lower_case", "email = lower(email)");
                table.CheckConstraint("ck_invitations_one_outcome", "num_nonnulls(accepted_at, declined_at, revoked_at) <= 1");
                table.CheckConstraint("ck_invitations_role", "role IN ('owner', 'admin', 'member', 'viewer')");
                table.ForeignKey(
                    name: "fk_invitations_accepted_by",
                    column: x => x.accepted_by,
                    principalTable: "users",
                    principalColumn: "id",
                    onDelete: ReferentialAction.SetNull);
                table.ForeignKey(
                    name: "fk_invitations_invited_by",
                    column: x => x.invited_by,
                    principalTable: "users",
                    principalColumn: "id",
                    onDelete: ReferentialAction.SetNull);
                table.ForeignKey(
                    name: "fk_invitations_organization",
                    column: x => x.organization_id,
                    principalTable: "organizations",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "ix_invitations_accepted_by",
            table: "invitations",
            column: "accepted_by");

        migrationBuilder.CreateIndex(
            name: "ix_invitations_invited_by",
            table: "invitations",
            column: "invited_by");

        migrationBuilder.CreateIndex(
            name: "ix_invitations_open_by_email",
            table: "invitations",
            column: "email",
            filter: "accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL");

        migrationBuilder.CreateIndex(
            name: "ux_invitations_open_email",
            table: "invitations",
            columns: new[] { "organization_id", "email" },
            unique: true,
            filter: "accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL");

        migrationBuilder.Sql(RowLevelSecurity);
        migrationBuilder.Sql(Functions);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(RestoreFunctions);

        migrationBuilder.DropTable(
            name: "invitations");
    }
}
