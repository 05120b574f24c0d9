using Microsoft.EntityFrameworkCore.Migrations;

namespace TenantSite.Data.Migrations;

/// <summary>
/// The API's idempotent writes (Api/Idempotency): one row per sender's Idempotency-Key, tenant-owned and bound by RLS
/// like every other table, written in the same transaction as the write it answers.
/// </summary>
public sealed partial class ApiIdempotencyKeys : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "idempotent_requests",
            columns: table => new
            {
                organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                scope = table.Column<string>(type: "text", nullable: false),
                key = table.Column<string>(type: "text", nullable: false),
                request_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                status = table.Column<int>(type: "integer", nullable: true),
                content_type = table.Column<string>(type: "text", nullable: true),
                location = table.Column<string>(type: "text", nullable: true),
                etag = table.Column<string>(type: "text", nullable: true),
                body = table.Column<string>(type: "text", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_idempotent_requests", x => new { x.organization_id, x.scope, x.key });
                table.CheckConstraint("ck_idempotent_requests_key", "length(key) BETWEEN 1 AND 255");
                table.CheckConstraint("ck_idempotent_requests_request_hash", "length(request_hash) = 32");
                table.ForeignKey(
                    name: "fk_idempotent_requests_organization",
                    column: x => x.organization_id,
                    principalTable: "organizations",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.Sql(TenantPolicies.Enable("idempotent_requests"));
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(TenantPolicies.Disable("idempotent_requests"));
        migrationBuilder.DropTable(name: "idempotent_requests");
    }
}
