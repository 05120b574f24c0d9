using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSite.Data.Migrations
{
    /// <summary>
    /// Live updates: statement-level triggers on <c>projects</c>, <c>tasks</c> and <c>organization_members</c> that
    /// NOTIFY <c>tenantsite_live</c> with the ids of what a statement changed, never a name or title; the SQL is in
    /// <c>20261128191426_LiveUpdates.Sql.cs</c>. The model is unchanged, so the snapshot is too.
    /// </summary>
    public partial class LiveUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Triggers);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(DropTriggers);
    }
}
