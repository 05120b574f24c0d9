using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TenantSite.Data.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    // Kept in step with Invitation.IsOpen; the answer functions of the Invitations migration say the same in SQL.
    private const string Open = "accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL";

    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("invitations", t =>
        {
            t.HasCheckConstraint("ck_invitations_role", "role IN ('owner', 'admin', 'member', 'viewer')");
            t.HasCheckConstraint("ck_invitations_email_lower_case", "email = lower(email)");
            t.HasCheckConstraint("ck_invitations_one_outcome", "num_nonnulls(accepted_at, declined_at, revoked_at) <= 1");
        });
        b.HasKey(i => new { i.OrganizationId, i.Id }).HasName("pk_invitations");
        b.Property(i => i.Id).HasDefaultValueSql("gen_random_uuid()");
        b.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId)
            .HasConstraintName("fk_invitations_organization").OnDelete(DeleteBehavior.Cascade);
        b.HasOne(i => i.Inviter).WithMany().HasForeignKey(i => i.InvitedBy)
            .HasConstraintName("fk_invitations_invited_by").OnDelete(DeleteBehavior.SetNull);
        b.HasOne<User>().WithMany().HasForeignKey(i => i.AcceptedBy)
            .HasConstraintName("fk_invitations_accepted_by").OnDelete(DeleteBehavior.SetNull);
        // One open invitation per address and organization: inviting again renews it instead of adding another.
        b.HasIndex(i => new { i.OrganizationId, i.Email }).IsUnique().HasFilter(Open).HasDatabaseName("ux_invitations_open_email");
        // The invitee's side looks open invitations up by address across organizations, before any tenant is chosen.
        b.HasIndex(i => i.Email).HasFilter(Open).HasDatabaseName("ix_invitations_open_by_email");
        // A link is looked up by its token's hash alone, before its organization is known.
        b.HasIndex(i => i.TokenHash).IsUnique().HasDatabaseName("ux_invitations_token_hash");
        // For ON DELETE SET NULL when a user goes.
        b.HasIndex(i => i.InvitedBy).HasDatabaseName("ix_invitations_invited_by");
        b.HasIndex(i => i.AcceptedBy).HasDatabaseName("ix_invitations_accepted_by");
    }
}
