using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.ToTable("organizations", t => t.HasCheckConstraint("ck_organizations_plan", "plan IN ('free', 'pro', 'enterprise')"));
        b.HasKey(o => o.Id).HasName("pk_organizations");
        b.Property(o => o.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(o => o.Plan).HasDefaultValue(Plans.Free);
        b.Property(o => o.CreatedAt).HasDefaultValueSql("now()");
        b.Property(o => o.UpdatedAt).HasDefaultValueSql("now()");
        b.HasIndex(o => o.Slug).IsUnique().HasDatabaseName("ux_organizations_slug");
    }
}
