using System.Collections.Concurrent;
using Npgsql;
using TenantSite.Data;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Waits until the app's listener has handled every notification committed before the call. PostgreSQL delivers
/// notifications to a listening session in commit order, and the listener hands them over one at a time, so once a
/// marker sent now arrives, the caches have already reacted to every earlier write (the seed's, a test's set-up).
/// </summary>
public sealed class NotificationBarrier : IChannelSubscription
{
    /// <summary>A channel of the tests' own, so the marker means nothing to the app's subscriptions.</summary>
    public const string ChannelName = "tenantsite_test_barrier";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

    public string Channel => ChannelName;

    public void OnNotification(string payload)
    {
        if (_waiting.TryRemove(payload, out var waiter)) waiter.TrySetResult();
    }

    public void OnListening() { }

    /// <summary>Sends a marker through <paramref name="adminConnectionString"/>'s database and waits for it to arrive.</summary>
    public async Task PassAsync(string adminConnectionString, CancellationToken cancellationToken = default)
    {
        var marker = Guid.NewGuid().ToString("N");
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[marker] = arrived;
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection);
            notify.Parameters.Add(new NpgsqlParameter { Value = ChannelName });
            notify.Parameters.Add(new NpgsqlParameter { Value = marker });
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
        catch (TimeoutException)
        {
            _waiting.TryRemove(marker, out _);
            throw new TimeoutException("The app's database listener did not pass a notification within 10 s.");
        }
    }
}
