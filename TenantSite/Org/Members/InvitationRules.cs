using System.Net.Mail;

namespace TenantSite.Org.Members;

/// <summary>What the invitation commands say and check alike.</summary>
public static class InvitationRules
{
    public const string InvalidEmail = "Enter their email address, like name@example.com.";
    public const string NotFoundMessage = "No invitation with this id in this organization.";

    public static string ChangedMeanwhileMessage(string email, string role) =>
        $"The invitation for {email} was changed to {role} by someone else meanwhile. Nothing was sent.";

    /// <summary>Why an invitation can no longer be resent or revoked: what became of it.</summary>
    public static string AnsweredMessage(Invitation invitation) =>
        $"The invitation for {invitation.Email} was {(invitation.AcceptedAt is not null ? "accepted" : invitation.DeclinedAt is not null ? "declined" : "revoked")} already.";

    /// <summary>Invitations neither accepted, declined nor revoked (expired ones too: renewing revives them).</summary>
    public static IQueryable<Invitation> Open(AppDbContext db) =>
        db.Invitations.Where(i => i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null);

    /// <summary>
    /// One plain address, lower-cased like the users' stored emails (which sign-in lower-cases); null for anything else.
    /// MailAddress lets control characters through (PostgreSQL refuses NUL outright), so they are refused here.
    /// </summary>
    public static string? NormalizedEmail(string? email)
    {
        email = email?.Trim();
        return email is { Length: > 0 and <= 254 } && !email.Any(char.IsControl) &&
               MailAddress.TryCreate(email, out var address) && address.Address == email && address.DisplayName.Length == 0
            ? email.ToLowerInvariant()
            : null;
    }
}

/// <summary>
/// An invitation with a new link, to be sent: the token itself is stored nowhere (only its hash), so it is emailed or
/// shown once, and stops working at <see cref="ExpiresAt"/> or at the next resend.
/// </summary>
public sealed record InvitationToSend(Guid InvitationId, string Email, string Role, string Token, DateTimeOffset ExpiresAt);
