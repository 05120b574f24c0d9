using System.Net;
using System.Net.Sockets;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TenantSite.Email;
using TenantSite.SmtpSink;

namespace TenantSite.Tests.Email;

/// <summary>Sending through a real SMTP server (tools/smtp-sink on 127.0.0.1), and every way it can fail as "not sent".</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class SmtpEmailSenderShould
{
    private static readonly EmailMessage Message = new("dana@example.com", "Hello", "Plain text", "<p>HTML</p>");

    [Fact]
    public async Task HandTheMessageToTheMailServer()
    {
        await using var sink = await MailSink.StartAsync();

        await Sender(sink.Port).SendAsync(Message, TestContext.Current.CancellationToken);

        var received = await sink.WaitForMessageToAsync("dana@example.com");
        Assert.Equal("Hello", received.Subject);
        Assert.Equal("no-reply@localhost", received.From.Mailboxes.Single().Address);
        Assert.Equal("Plain text", received.TextBody?.Trim());
        Assert.Equal("<p>HTML</p>", received.HtmlBody?.Trim());
    }

    // A subject (e.g. an inviter's name from the identity provider) cannot add a header: MimeKit folds and encodes it.
    [Fact]
    public async Task KeepALineBreakInTheSubjectFromAddingAHeader()
    {
        await using var sink = await MailSink.StartAsync();

        await Sender(sink.Port).SendAsync(Message with { Subject = "Hi\r\nBcc: eve@example.com" }, TestContext.Current.CancellationToken);

        var received = await sink.WaitForMessageToAsync("dana@example.com");
        Assert.Empty(received.Bcc);
        Assert.DoesNotContain(received.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.Single(received.To.Mailboxes);
    }

    [Fact]
    public async Task ReportARefusedRecipientAsNotSent()
    {
        await using var sink = await MailSink.StartAsync();

        await Assert.ThrowsAsync<EmailNotSentException>(() =>
            Sender(sink.Port).SendAsync(Message with { To = $"dana@{MailSink.RefusedDomain}" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReportAServerThatIsNotThereAsNotSent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        await Assert.ThrowsAsync<EmailNotSentException>(() => Sender(port).SendAsync(Message, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GiveUpOnAServerThatNeverAnswers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var started = DateTime.UtcNow;
        await Assert.ThrowsAsync<EmailNotSentException>(() => Sender(port, timeoutSeconds: 1).SendAsync(Message, TestContext.Current.CancellationToken));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    private static SmtpEmailSender Sender(int port, int timeoutSeconds = 10) => new(Options.Create(new EmailOptions
    {
        From = "TenantSite <no-reply@localhost>",
        Smtp = new EmailOptions.SmtpOptions { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, TimeoutSeconds = timeoutSeconds },
    }), NullLogger<SmtpEmailSender>.Instance);
}
