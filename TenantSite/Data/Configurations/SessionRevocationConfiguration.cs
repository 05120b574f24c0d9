using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class SessionRevocationConfiguration : IEntityTypeConfiguration<SessionRevocation>
{
    public void Configure(EntityTypeBuilder<SessionRevocation> b)
    {
        b.ToTable("session_revocations");
        b.HasKey(r => r.SessionId).HasName("pk_session_revocations");
        // The database's clock only: every instance's poll compares it with the database's own now().
        b.Property(r => r.RevokedAt).HasDefaultValueSql("now()");
        // Each instance's poll asks for the rows revoked since its last one.
        b.HasIndex(r => r.RevokedAt).HasDatabaseName("ix_session_revocations_revoked_at");
    }
}
