using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class OrganizationMemberConfiguration : IEntityTypeConfiguration<OrganizationMember>
{
    public void Configure(EntityTypeBuilder<OrganizationMember> b)
    {
        b.ToTable("organization_members",
            t => t.HasCheckConstraint("ck_organization_members_role", "role IN ('owner', 'admin', 'member', 'viewer')"));
        b.HasKey(m => new { m.OrganizationId, m.UserId }).HasName("pk_organization_members");
        b.Property(m => m.Role).HasDefaultValue(Roles.Member);
        b.Property(m => m.CreatedAt).HasDefaultValueSql("now()");
        b.HasOne(m => m.Organization).WithMany().HasForeignKey(m => m.OrganizationId)
            .HasConstraintName("fk_organization_members_organization").OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId)
            .HasConstraintName("fk_organization_members_user").OnDelete(DeleteBehavior.Cascade);
        // "My memberships" (the switcher) looks rows up by user across organizations.
        b.HasIndex(m => m.UserId).HasDatabaseName("ix_organization_members_user_id");
    }
}
