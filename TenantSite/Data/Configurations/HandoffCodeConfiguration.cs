using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class HandoffCodeConfiguration : IEntityTypeConfiguration<HandoffCode>
{
    public void Configure(EntityTypeBuilder<HandoffCode> b)
    {
        b.ToTable("session_handoffs", t =>
        {
            t.HasCheckConstraint("ck_session_handoffs_code_hash", "length(code_hash) = 32");
            t.HasCheckConstraint("ck_session_handoffs_binding_hash", "length(binding_hash) = 32");
        });
        b.HasKey(h => h.CodeHash).HasName("pk_session_handoffs");
        b.Property(h => h.CreatedAt).HasDefaultValueSql("now()");
        b.HasOne<UserSession>().WithMany().HasForeignKey(h => h.FamilyId)
            .HasConstraintName("fk_session_handoffs_family").OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(h => h.FamilyId).HasDatabaseName("ix_session_handoffs_family_id");
    }
}
