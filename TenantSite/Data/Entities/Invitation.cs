namespace TenantSite.Data.Entities;

/// <summary>
/// An organization's invitation of an email address, with a role. Nobody joins until the user whose verified email it
/// names accepts it (tenantsite_answer_invitation); until then it is open, and the organization may renew or revoke
/// it. Answered or revoked invitations stay, so a later link to one can say what became of it.
/// </summary>
public sealed class Invitation : ITenantOwned
{
    /// <summary>How long an invitation stays open; inviting the same address again renews it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid OrganizationId { get; set; }
    public Guid Id { get; init; } = Guid.CreateVersion7();

    /// <summary>The invited address, lower-cased: compared with the users' stored (lower-cased) emails.</summary>
    public required string Email { get; set; }

    public required string Role { get; set; }

    /// <summary>users.id of whoever sent (or last renewed) it; null once that user is gone.</summary>
    public Guid? InvitedBy { get; set; }

    /// <summary>
    /// SHA-256 of the invitation link's token (<see cref="TenantSite.Invitations.InvitationToken"/>); the token itself is only
    /// ever in the email or on the inviter's screen. Replaced on every send, so an older link stops working. Null for
    /// invitations made before links existed: they are answered by email match only.
    /// </summary>
    public byte[]? TokenHash { get; set; }

    /// <summary>When the current link was made (and emailed, when email is configured).</summary>
    public DateTimeOffset? LastSentAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    /// <summary>users.id of the account that accepted it (several accounts may share an email).</summary>
    public Guid? AcceptedBy { get; set; }

    public DateTimeOffset? DeclinedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public User? Inviter { get; set; }

    /// <summary>Neither accepted, declined nor revoked (it may still have expired).</summary>
    public bool IsOpen => AcceptedAt is null && DeclinedAt is null && RevokedAt is null;
}
