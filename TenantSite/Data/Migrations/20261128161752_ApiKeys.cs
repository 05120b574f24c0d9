using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSite.Data.Migrations
{
    /// <summary>
    /// Keys for the JSON API: the tenant-owned <c>api_keys</c> table under RLS like every other, and the one door a
    /// request uses before its key's organization is known (<c>tenantsite_authenticate_api_key</c>); the SQL is in
    /// <c>20261128161752_ApiKeys.Sql.cs</c>. The model's new <c>Version</c> properties map PostgreSQL's system column
    /// <c>xmin</c>, which exists already: nothing is added for them.
    /// </summary>
    public partial class ApiKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    prefix = table.Column<string>(type: "text", nullable: false),
                    secret_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_by = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => new { x.organization_id, x.id });
                    table.CheckConstraint("ck_api_keys_name", "length(name) BETWEEN 1 AND 100");
                    table.CheckConstraint("ck_api_keys_role", "role IN ('member', 'viewer')");
                    table.CheckConstraint("ck_api_keys_secret_hash", "length(secret_hash) = 32");
                    table.ForeignKey(
                        name: "fk_api_keys_created_by",
                        column: x => x.created_by,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_api_keys_organization",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_created_by",
                table: "api_keys",
                column: "created_by");

            migrationBuilder.CreateIndex(
                name: "ux_api_keys_prefix",
                table: "api_keys",
                column: "prefix",
                unique: true);

            migrationBuilder.Sql(RowLevelSecurity);
            migrationBuilder.Sql(Functions);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropFunctions);
            migrationBuilder.DropTable(
                name: "api_keys");
        }
    }
}
