using System.Globalization;
using System.Text.Encodings.Web;
using TenantSite.Email;
using TenantSite.Tenancy;

namespace TenantSite.Invitations;

/// <summary>What an invitation email says: who invites whom where, as what, until when.</summary>
public sealed record InvitationLetter(string Email, string OrganizationName, string OrganizationSlug, string Role,
    string InviterName, DateTimeOffset ExpiresAt);

/// <summary>
/// How a new link reached the invitee: by email, or (no mail server, or it failed) only on the inviter's screen, to
/// copy. <see cref="Problem"/> says why it was not emailed when sending was tried and failed.
/// </summary>
public sealed record InvitationDelivery(string Email, string Link, bool Emailed, string? Problem);

/// <summary>Builds an invitation's link and sends it, or hands it back to be shown when it cannot be emailed.</summary>
public sealed class InvitationMail(IEmailSender sender, RootDomain root, TenantLinks links)
{
    public const string NotSentProblem = "The email could not be sent: the mail server did not take it. Send them this link yourself.";

    /// <summary>
    /// The absolute link on the root domain (an invitee is no member yet, so no tenant host would let them in). The host
    /// is the configured root domain, never the request's Host header, so a forged header cannot put another site's
    /// address into an email.
    /// </summary>
    public string LinkFor(HttpContext context, string slug, string token)
    {
        var path = links.ForRoot(context, $"/join/{Uri.EscapeDataString(slug)}/{token}");
        if (Uri.IsWellFormedUriString(path, UriKind.Absolute)) return path;
        var port = context.Request.Host.Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "";
        return $"{context.Request.Scheme}://{root.Domain}{port}{path}";
    }

    /// <summary>Emails the link when a mail server is configured; a failure is not an error, the link is shown instead.</summary>
    public async Task<InvitationDelivery> DeliverAsync(HttpContext context, InvitationLetter letter, string token, CancellationToken cancellationToken)
    {
        var link = LinkFor(context, letter.OrganizationSlug, token);
        if (!sender.IsConfigured) return new InvitationDelivery(letter.Email, link, Emailed: false, Problem: null);
        try
        {
            await sender.SendAsync(Compose(letter, link), cancellationToken);
            return new InvitationDelivery(letter.Email, link, Emailed: true, Problem: null);
        }
        catch (EmailNotSentException)
        {
            return new InvitationDelivery(letter.Email, link, Emailed: false, NotSentProblem);
        }
    }

    /// <summary>The email itself, in plain text and HTML.</summary>
    public static EmailMessage Compose(InvitationLetter letter, string link)
    {
        var until = letter.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var subject = $"{letter.InviterName} invited you to {letter.OrganizationName} on TenantSite";
        var text = $"""
            {letter.InviterName} invited you to join {letter.OrganizationName} on TenantSite as {letter.Role}.

            Accept the invitation here (the link works once, until {until}):
            {link}

            You may sign in with any account: the page tells you which one will join.
            If you did not expect this invitation, ignore this email.
            """;
        var h = HtmlEncoder.Default;
        var html = $"""
            <p>{h.Encode(letter.InviterName)} invited you to join <strong>{h.Encode(letter.OrganizationName)}</strong> on TenantSite as {h.Encode(letter.Role)}.</p>
            <p><a href="{h.Encode(link)}">Accept the invitation</a> (the link works once, until {h.Encode(until)}).</p>
            <p>You may sign in with any account: the page tells you which one will join.<br>If you did not expect this invitation, ignore this email.</p>
            """;
        return new EmailMessage(letter.Email, subject, text, html);
    }
}
