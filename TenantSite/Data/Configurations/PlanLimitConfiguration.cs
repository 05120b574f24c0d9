using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class PlanLimitConfiguration : IEntityTypeConfiguration<PlanLimit>
{
    public void Configure(EntityTypeBuilder<PlanLimit> b)
    {
        b.ToTable("plan_limits", t =>
        {
            t.HasCheckConstraint("ck_plan_limits_plan", "plan IN ('free', 'pro', 'enterprise')");
            t.HasCheckConstraint("ck_plan_limits_max_projects", "max_projects >= 0");
            t.HasCheckConstraint("ck_plan_limits_max_members", "max_members >= 1");
        });
        b.HasKey(l => l.Plan).HasName("pk_plan_limits");
    }
}
