using System;
using System.Net;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSite.Data.Migrations
{
    /// <summary>
    /// Sessions the app owns: a row per sign-in and per host it was handed to (user_sessions), the one-time codes of
    /// those handoffs, and the back-channel logout tokens already used. A sign-out ends a family by its revocation row
    /// (session_revocations, now keyed by the family id), which every instance polls.
    /// </summary>
    public partial class AppOwnedSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "sid",
                table: "session_revocations",
                newName: "session_id");

            migrationBuilder.CreateTable(
                name: "logout_token_uses",
                columns: table => new
                {
                    issuer = table.Column<string>(type: "text", nullable: false),
                    jti = table.Column<string>(type: "text", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_logout_token_uses", x => new { x.issuer, x.jti });
                });

            migrationBuilder.CreateTable(
                name: "user_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    family_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    host = table.Column<string>(type: "text", nullable: false),
                    user_agent = table.Column<string>(type: "text", nullable: true),
                    client_address = table.Column<IPAddress>(type: "inet", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    provider_issuer = table.Column<string>(type: "text", nullable: true),
                    provider_sid = table.Column<string>(type: "text", nullable: true),
                    id_token_hint = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_sessions", x => x.id);
                    table.CheckConstraint("ck_user_sessions_user_agent", "length(user_agent) <= 512");
                    table.ForeignKey(
                        name: "fk_user_sessions_user",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "session_handoffs",
                columns: table => new
                {
                    code_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    family_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target_host = table.Column<string>(type: "text", nullable: false),
                    return_url = table.Column<string>(type: "text", nullable: false),
                    binding_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_session_handoffs", x => x.code_hash);
                    table.CheckConstraint("ck_session_handoffs_binding_hash", "length(binding_hash) = 32");
                    table.CheckConstraint("ck_session_handoffs_code_hash", "length(code_hash) = 32");
                    table.ForeignKey(
                        name: "fk_session_handoffs_family",
                        column: x => x.family_id,
                        principalTable: "user_sessions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_session_handoffs_family_id",
                table: "session_handoffs",
                column: "family_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_family_id",
                table: "user_sessions",
                column: "family_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_provider_sid",
                table: "user_sessions",
                columns: new[] { "provider_issuer", "provider_sid" });

            migrationBuilder.CreateIndex(
                name: "ix_user_sessions_user_id",
                table: "user_sessions",
                column: "user_id");

            migrationBuilder.Sql(Policies);
            migrationBuilder.Sql(Functions);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop);

            migrationBuilder.DropTable(
                name: "logout_token_uses");

            migrationBuilder.DropTable(
                name: "session_handoffs");

            migrationBuilder.DropTable(
                name: "user_sessions");

            migrationBuilder.RenameColumn(
                name: "session_id",
                table: "session_revocations",
                newName: "sid");
        }
    }
}
