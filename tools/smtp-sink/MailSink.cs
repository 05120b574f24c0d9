using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace TenantSite.SmtpSink;

/// <summary>
/// A real SMTP server on 127.0.0.1 that accepts every message and keeps it: in memory (for tests), as .eml files in a
/// folder and as a line on a log (for development). It never relays anything anywhere. Recipients at
/// <see cref="RefusedDomain"/> are refused (550), as a real server refuses an address, so a failed send can be tested.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _directory;
    private readonly TextWriter? _log;
    private Task _serving = Task.CompletedTask;

    private MailSink(int port, string? directory, TextWriter? log) => (Port, _directory, _log) = (port, directory, log);

    /// <summary>Mail to this domain is refused at RCPT TO.</summary>
    public const string RefusedDomain = "refused.invalid";

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    /// <summary>
    /// Starts listening on <paramref name="port"/> (0: a free one) and returns once it accepts connections. Messages are
    /// also written to <paramref name="directory"/> and announced on <paramref name="log"/> when given.
    /// </summary>
    public static async Task<MailSink> StartAsync(int port = 0, string? directory = null, TextWriter? log = null)
    {
        if (port == 0) port = FreePort();
        if (directory is not null) Directory.CreateDirectory(directory);
        var sink = new MailSink(port, directory, log);
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(sink));
        services.Add(new Recipients());
        sink._serving = new SmtpServer.SmtpServer(options, services).StartAsync(sink._stop.Token);
        await sink.WaitUntilListeningAsync();
        return sink;
    }

    /// <summary>The first message (received before or within <paramref name="timeout"/>) that <paramref name="match"/> accepts.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan timeout)
    {
        // Polling: messages are few, and several tests may wait on one sink for different messages.
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_messages.FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"No matching message within {timeout}; received: {string.Join("; ", _messages.Select(m => $"{m.To} {m.Subject}"))}");
            await Task.Delay(25);
        }
    }

    /// <summary>The first message to <paramref name="address"/>.</summary>
    public Task<MimeMessage> WaitForMessageToAsync(string address, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)),
            timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task KeepAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        if (_directory is not null)
        {
            var file = Path.Combine(_directory, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, cancellationToken);
        }
        _log?.WriteLine($"smtp-sink: to {message.To} \"{message.Subject}\"{Environment.NewLine}{message.TextBody?.TrimEnd()}");
        _log?.Flush();
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            if (_serving.IsFaulted) await _serving;
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class Recipients : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, SmtpServer.Mail.IMailbox to, SmtpServer.Mail.IMailbox from,
            CancellationToken cancellationToken) =>
            Task.FromResult(!string.Equals(to.Host, RefusedDomain, StringComparison.OrdinalIgnoreCase));
    }

    private sealed class Store(MailSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            await sink.KeepAsync(await MimeMessage.LoadAsync(stream, cancellationToken), cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
