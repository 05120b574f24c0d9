using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TenantSite.Data.Migrations
{
    /// <summary>
    /// Several instances on one database: the data-protection key ring (<c>KeyRing/</c>) and the sign-outs
    /// (<c>Auth/SessionRevocations.cs</c>) move from each process into two tables that belong to no tenant, so they have
    /// no RLS; the runtime role's grants on them come from <c>migrate</c> (RuntimeRole).
    /// </summary>
    public partial class SharedKeyRingAndSignOuts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "session_revocations",
                columns: table => new
                {
                    sid = table.Column<string>(type: "text", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_revocations", x => x.sid);
                });

            migrationBuilder.CreateIndex(
                name: "ix_session_revocations_revoked_at",
                table: "session_revocations",
                column: "revoked_at");

            migrationBuilder.Sql("""
                COMMENT ON TABLE data_protection_keys IS
                    'ASP.NET Core data-protection keys shared by every instance; belongs to no tenant (no RLS).';
                COMMENT ON TABLE session_revocations IS
                    'Signed-out provider session ids (sid), polled by every instance; belongs to no tenant (no RLS).';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "session_revocations");
        }
    }
}
