using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        // Tenant-first keys: the tenant's rows are one index range, and Citus can shard by organization_id.
        b.HasKey(p => new { p.OrganizationId, p.Id }).HasName("pk_projects");
        b.Property(p => p.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(p => p.CreatedAt).HasDefaultValueSql("now()");
        b.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        b.Property(p => p.Version).IsVersion();
        b.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrganizationId)
            .HasConstraintName("fk_projects_organization").OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.OrganizationId, p.CreatedAt }).IsDescending(false, true)
            .HasDatabaseName("ix_projects_organization_id_created_at");
    }
}
