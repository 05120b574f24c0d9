using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TenantSite.Data.Migrations
{
    /// <summary>
    /// Plans and limits: <c>plan_limits</c> (each plan's most projects and members, written by <c>migrate</c> from
    /// configuration) and the triggers that hold every organization to its plan's, however the rows are written; the
    /// SQL is in <c>20261128172732_PlanLimits.Sql.cs</c>.
    /// </summary>
    public partial class PlanLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "plan_limits",
                columns: table => new
                {
                    plan = table.Column<string>(type: "text", nullable: false),
                    max_projects = table.Column<int>(type: "integer", nullable: true),
                    max_members = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_limits", x => x.plan);
                    table.CheckConstraint("ck_plan_limits_max_members", "max_members >= 1");
                    table.CheckConstraint("ck_plan_limits_max_projects", "max_projects >= 0");
                    table.CheckConstraint("ck_plan_limits_plan", "plan IN ('free', 'pro', 'enterprise')");
                });

            migrationBuilder.Sql(DefaultLimits);
            migrationBuilder.Sql(Triggers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropTriggers);
            migrationBuilder.DropTable(
                name: "plan_limits");
        }
    }
}
