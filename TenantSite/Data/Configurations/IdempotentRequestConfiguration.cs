using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> b)
    {
        b.ToTable("idempotent_requests", t =>
        {
            t.HasCheckConstraint("ck_idempotent_requests_key", "length(key) BETWEEN 1 AND 255");
            t.HasCheckConstraint("ck_idempotent_requests_request_hash", "length(request_hash) = 32");
        });
        b.HasKey(r => new { r.OrganizationId, r.Scope, r.Key }).HasName("pk_idempotent_requests");
        b.Property(r => r.ETag).HasColumnName("etag");
        b.Property(r => r.CreatedAt).HasDefaultValueSql("now()");
        b.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrganizationId)
            .HasConstraintName("fk_idempotent_requests_organization").OnDelete(DeleteBehavior.Cascade);
    }
}
