using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSite.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvitationLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_sent_at",
                table: "invitations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "token_hash",
                table: "invitations",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ux_invitations_token_hash",
                table: "invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.Sql(Policy);
            migrationBuilder.Sql(Functions);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Drop);

            migrationBuilder.DropIndex(
                name: "ux_invitations_token_hash",
                table: "invitations");

            migrationBuilder.DropColumn(
                name: "last_sent_at",
                table: "invitations");

            migrationBuilder.DropColumn(
                name: "token_hash",
                table: "invitations");
        }
    }
}
