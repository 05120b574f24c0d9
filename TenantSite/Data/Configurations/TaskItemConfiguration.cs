using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class TaskItemConfiguration : IEntityTypeConfiguration<TaskItem>
{
    public void Configure(EntityTypeBuilder<TaskItem> b)
    {
        b.ToTable("tasks");
        b.HasKey(t => new { t.OrganizationId, t.Id }).HasName("pk_tasks");
        b.Property(t => t.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(t => t.Completed).HasDefaultValue(false);
        b.Property(t => t.CreatedAt).HasDefaultValueSql("now()");
        b.Property(t => t.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(t => t.Version).IsVersion();
        b.HasOne<Organization>().WithMany().HasForeignKey(t => t.OrganizationId)
            .HasConstraintName("fk_tasks_organization").OnDelete(DeleteBehavior.Cascade);
        // The parent is referenced through (organization_id, project_id): a task can never point into another tenant.
        b.HasOne(t => t.Project).WithMany(p => p.Tasks)
            .HasForeignKey(t => new { t.OrganizationId, t.ProjectId })
            .HasPrincipalKey(p => new { p.OrganizationId, p.Id })
            .HasConstraintName("fk_tasks_project").OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.OrganizationId, t.ProjectId }).HasDatabaseName("ix_tasks_organization_id_project_id");
    }
}
