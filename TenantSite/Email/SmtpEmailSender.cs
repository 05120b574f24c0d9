using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace TenantSite.Email;

/// <summary>
/// Sends through the configured SMTP server with MailKit, one connection per message: invitations are rare, and a
/// held connection would only go stale. MimeKit encodes headers, so a name or subject cannot inject one.
/// </summary>
public sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    private readonly EmailOptions _options = options.Value;

    public bool IsConfigured => true;

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage { Subject = message.Subject };
        mime.From.Add(MailboxAddress.Parse(_options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();

        var smtp = _options.Smtp;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(smtp.TimeoutSeconds));
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security, timeout.Token);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", timeout.Token);
            await client.SendAsync(mime, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        // A silent server ends in whichever timeout fires first: MailKit's own (TimeoutException) or ours (cancellation).
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ProtocolException or CommandException
                                      or TimeoutException
                                      or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException
                                      or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogNotSent(e, smtp.Host, smtp.Port);
            throw new EmailNotSentException($"The mail server {smtp.Host}:{smtp.Port} did not take the message.", e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "The mail server {Host}:{Port} did not take a message")]
    private partial void LogNotSent(Exception exception, string? host, int port);
}
