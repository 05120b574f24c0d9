using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.ToTable("audit_events");
        b.HasKey(e => new { e.OrganizationId, e.Id }).HasName("pk_audit_events");
        b.Property(e => e.Id).HasDefaultValueSql("gen_random_uuid()");
        // clock_timestamp, not now(): the events of one transaction (accepting an invitation joins too) keep their order.
        b.Property(e => e.OccurredAt).HasDefaultValueSql("clock_timestamp()");
        b.Property(e => e.Ip).HasColumnType("inet");
        b.Property(e => e.Details).HasColumnType("jsonb");
        b.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId)
            .HasConstraintName("fk_audit_events_organization").OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(e => e.ActorUserId)
            .HasConstraintName("fk_audit_events_actor_user_id").OnDelete(DeleteBehavior.SetNull);
        // The Activity page's keyset: newest first, per organization.
        b.HasIndex(e => new { e.OrganizationId, e.OccurredAt, e.Id }).IsDescending(false, true, true)
            .HasDatabaseName("ix_audit_events_keyset");
        // For ON DELETE SET NULL when a user goes.
        b.HasIndex(e => e.ActorUserId).HasDatabaseName("ix_audit_events_actor_user_id");
    }
}
