using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys", t =>
        {
            t.HasCheckConstraint("ck_api_keys_role", "role IN ('member', 'viewer')");
            t.HasCheckConstraint("ck_api_keys_name", "length(name) BETWEEN 1 AND 100");
            t.HasCheckConstraint("ck_api_keys_secret_hash", "length(secret_hash) = 32");
        });
        b.HasKey(k => new { k.OrganizationId, k.Id }).HasName("pk_api_keys");
        b.Property(k => k.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
        b.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId)
            .HasConstraintName("fk_api_keys_organization").OnDelete(DeleteBehavior.Cascade);
        b.HasOne(k => k.Creator).WithMany().HasForeignKey(k => k.CreatedBy)
            .HasConstraintName("fk_api_keys_created_by").OnDelete(DeleteBehavior.SetNull);
        // A request names no tenant in its key: the prefix alone finds the row, in whichever organization it is.
        b.HasIndex(k => k.Prefix).IsUnique().HasDatabaseName("ux_api_keys_prefix");
        b.HasIndex(k => k.CreatedBy).HasDatabaseName("ix_api_keys_created_by");
    }
}
