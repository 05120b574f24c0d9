using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions", t => t.HasCheckConstraint("ck_user_sessions_user_agent", "length(user_agent) <= 512"));
        b.HasKey(s => s.Id).HasName("pk_user_sessions");
        b.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(s => s.CreatedAt).HasDefaultValueSql("now()");
        b.Property(s => s.LastSeenAt).HasDefaultValueSql("now()");
        b.HasOne<User>().WithMany().HasForeignKey(s => s.UserId)
            .HasConstraintName("fk_user_sessions_user").OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.UserId).HasDatabaseName("ix_user_sessions_user_id");
        b.HasIndex(s => s.FamilyId).HasDatabaseName("ix_user_sessions_family_id");
        // Back-channel logout finds a sign-in by the provider's session id.
        b.HasIndex(s => new { s.ProviderIssuer, s.ProviderSid }).HasDatabaseName("ix_user_sessions_provider_sid");
    }
}
