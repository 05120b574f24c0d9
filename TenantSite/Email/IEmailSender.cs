namespace TenantSite.Email;

/// <summary>One email: a plain-text body, and an HTML one for clients that prefer it.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Sends the app's emails (today: invitations). <see cref="SmtpEmailSender"/> when <c>Email:Smtp:Host</c> is set;
/// otherwise <see cref="NoEmailSender"/>, and callers show the inviter what would have been sent instead.
/// </summary>
public interface IEmailSender
{
    /// <summary>False when no mail server is configured: <see cref="SendAsync"/> would only throw.</summary>
    bool IsConfigured { get; }

    /// <summary>Hands the message to the mail server; throws <see cref="EmailNotSentException"/> when it was not accepted.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The mail server was unreachable, refused the message or did not answer in time.</summary>
public sealed class EmailNotSentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>No mail server configured.</summary>
public sealed class NoEmailSender : IEmailSender
{
    public bool IsConfigured => false;

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken) =>
        throw new EmailNotSentException("No mail server is configured (Email:Smtp:Host).");
}
