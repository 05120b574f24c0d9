using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Holds one connection that LISTENs on every <see cref="IChannelSubscription"/>'s channel and hands each notification
/// to its subscription. A lost connection is opened again with backoff; each (re)start tells every subscription that
/// it may have missed notifications. Nothing here stops the app: the database may come and go.
/// </summary>
public sealed partial class DatabaseNotifications(
    ListenDataSource source, IEnumerable<IChannelSubscription> subscriptions, ILogger<DatabaseNotifications> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);
    // Start-up waits this long for the first LISTEN, so requests are served with the listener in place, but a database
    // that does not answer does not hold the app back (it keeps trying in the background).
    private static readonly TimeSpan StartUpWait = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, IChannelSubscription[]> _byChannel = subscriptions
        .GroupBy(s => s.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _listened;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        try
        {
            await _firstAttempt.Task.WaitAsync(StartUpWait, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogSlowStart(StartUpWait);
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_byChannel.Count == 0) { _firstAttempt.TrySetResult(); return; }
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(failures, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever went wrong (the server restarted, the backend was terminated, the network broke), the next
                // connection starts over; a warning, because the subscribers' own fallbacks (the cache expiry) hold
                // meanwhile. The database's own message says enough; anything else keeps its stack trace.
                if (_listened) ListenLost();
                failures = _listened ? 1 : failures + 1;
                _listened = false;
                var delay = Backoff(failures);
                if (e is NpgsqlException or TimeoutException) LogLost(failures, delay, e.Message);
                else LogFailed(e, failures, delay);
                _firstAttempt.TrySetResult();
                try { await Task.Delay(delay, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task ListenAsync(int failures, CancellationToken stoppingToken)
    {
        await using var connection = await source.DataSource.OpenConnectionAsync(stoppingToken);
        connection.Notification += Deliver;
        await using (var listen = connection.CreateCommand())
        {
            // LISTEN takes no parameters; the channels are the subscriptions' own constant names, quoted anyway.
            listen.CommandText = string.Concat(_byChannel.Keys.Select(c => $"LISTEN \"{c.Replace("\"", "\"\"", StringComparison.Ordinal)}\";"));
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }
        _listened = true;
        foreach (var subscription in _byChannel.Values.SelectMany(s => s)) subscription.OnListening();
        if (failures > 0) LogResumed(failures, string.Join(", ", _byChannel.Keys));
        else LogListening(string.Join(", ", _byChannel.Keys));
        _firstAttempt.TrySetResult();

        // Wait returns after each notification; keepalives (ListenDataSource) notice a connection that silently died.
        while (true) await connection.WaitAsync(stoppingToken);
    }

    private void ListenLost()
    {
        foreach (var subscription in _byChannel.Values.SelectMany(s => s))
        {
            try
            {
                subscription.OnListenLost();
            }
            catch (Exception ex)
            {
                LogHandlerFailed(ex, subscription.Channel);
            }
        }
    }

    private void Deliver(object sender, NpgsqlNotificationEventArgs e)
    {
        if (!_byChannel.TryGetValue(e.Channel, out var targets)) return;
        foreach (var subscription in targets)
        {
            try
            {
                subscription.OnNotification(e.Payload);
            }
            catch (Exception ex)
            {
                // A throw here would break the connection inside Npgsql's read; one bad notification must not.
                LogHandlerFailed(ex, e.Channel);
            }
        }
    }

    // 0.5 s, 1 s, 2 s, … up to 30 s, each ±20 % so that many instances do not all come back in the same instant.
    private static TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(LongestRetry.TotalSeconds, FirstRetry.TotalSeconds * Math.Pow(2, Math.Min(failures - 1, 16)));
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    [LoggerMessage(LogLevel.Information, "Listening for database notifications on {Channels}.")]
    private partial void LogListening(string channels);

    [LoggerMessage(LogLevel.Information, "Listening for database notifications on {Channels} again, after {Failures} failed attempt(s); its subscribers were told that they may have missed some.")]
    private partial void LogResumed(int failures, string channels);

    [LoggerMessage(LogLevel.Warning, "The database notification connection failed (attempt {Failures}), trying again in {Delay}: {Reason}")]
    private partial void LogLost(int failures, TimeSpan delay, string reason);

    [LoggerMessage(LogLevel.Warning, "The database notification listener failed (attempt {Failures}), trying again in {Delay}.")]
    private partial void LogFailed(Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(LogLevel.Warning, "No database notification connection after {Wait} at start-up; still trying in the background.")]
    private partial void LogSlowStart(TimeSpan wait);

    [LoggerMessage(LogLevel.Warning, "A subscription to database channel {Channel} failed on a notification; it was skipped.")]
    private partial void LogHandlerFailed(Exception exception, string channel);
}
