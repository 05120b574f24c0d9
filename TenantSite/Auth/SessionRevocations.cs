using System.Collections.Concurrent;
using System.Data.Common;
using Npgsql;

namespace TenantSite.Auth;

/// <summary>
/// Ended sign-ins, on every host of every instance. Each cookie carries its sign-in's family id
/// (<see cref="UserSession.FamilyId"/>); ending the family (sign-out, the Sessions page, a provider's back-channel
/// logout) writes its revocation row, and the cookie check rejects the family everywhere.
/// <para>
/// The check costs no round-trip: each instance keeps the revoked families in memory. The instance that revokes adds
/// the family at once and writes it to <c>session_revocations</c> (outside RLS: a session is no tenant's); every instance
/// loads the table when it starts and then reads the rows revoked since its last poll (<see cref="SessionRevocationPoll"/>).
/// <b>Staleness bound:</b> another instance rejects the family at most <see cref="SessionRevocationOptions.PollInterval"/>
/// (1 s by default) plus one poll's query after the sign-out, while the database answers. A sign-out written while the
/// database is unreachable is kept and written by the next poll that reaches it; until then only this instance knows.
/// </para>
/// Rows expire once every cookie of the family has expired by itself (the cookie lifetime, plus a day) and are then
/// deleted (<c>tenantsite_delete_expired_sessions</c>, the runtime role's only way to delete them).
/// </summary>
public sealed class SessionRevocations(NpgsqlDataSource dataSource, ILogger<SessionRevocations> logger)
{
    /// <summary>The service key of the runtime role's data source that only this class uses.</summary>
    public const string DataSourceKey = "session-revocations";

    /// <summary>
    /// The runtime role's connection for the sign-outs alone, named "… background" in <c>pg_stat_activity</c>: at most
    /// two connections (the poll, and a sign-out while it runs).
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string runtimeConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(runtimeConnectionString) { MaxPoolSize = 2, MinPoolSize = 0 };
        builder.ApplicationName = (string.IsNullOrEmpty(builder.ApplicationName) ? "tenantsite" : builder.ApplicationName) + " background";
        return NpgsqlDataSource.Create(builder);
    }

    /// <summary>
    /// Marks the commands an instance sends on its own rather than for a page (the poll, retries, cleanup), so that a
    /// count of a page's round-trips can leave them out.
    /// </summary>
    public const string BackgroundMarker = "/* background */ ";

    /// <summary>
    /// A poll asks again for this much before the previous poll's database time: a row's <c>revoked_at</c> is the start
    /// of its (single-statement) transaction, which may commit after a poll that ran later. Re-reading is harmless.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(10);

    // How long after a sign-out a cookie of the family can still be alive: its lifetime (a cookie renewed just
    // before the sign-out), and a day for renewals by instances that had not heard of it yet and for clocks.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(1);

    private const string Insert =
        "INSERT INTO session_revocations (session_id, expires_at) VALUES ($1, now() + $2) ON CONFLICT (session_id) DO NOTHING";

    // One row whatever matches: the database's time (the next poll's starting point) and the families with their expiry.
    private const string Since = BackgroundMarker +
        "SELECT now(), coalesce(array_agg(session_id), '{}'), coalesce(array_agg(expires_at), '{}') " +
        "FROM session_revocations WHERE revoked_at > $1 AND expires_at > now()";

    private const string DeleteExpired = BackgroundMarker + "SELECT tenantsite_delete_expired_sessions($1)";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unwritten = new();
    private DateTime _since = DateTime.UnixEpoch;
    private bool _unreachable;

    /// <summary>The cookie lifetime (set once from the cookie options); revocations are kept this long plus a day.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromDays(14);

    /// <summary>How long a sign-out waits for the database before it goes on and leaves the write to the poll.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>This instance's clock, for forgetting expired revocations (the database keeps its own time).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How long a revocation is kept: as long as a cookie of its family can live, plus a day.</summary>
    public TimeSpan Keep => CookieLifetime + Margin;

    /// <summary>True when this instance knows the sign-in <paramref name="family"/> ended. In memory only.</summary>
    public bool IsRevoked(string? family) => family is not null && _revoked.ContainsKey(family);

    /// <summary>Marks a family this instance learned of some other way (a back-channel logout it recorded) as ended here.</summary>
    public void Remember(string family) => _revoked[family] = Clock.GetUtcNow() + Keep;

    /// <summary>
    /// Ends the sign-in <paramref name="family"/> here at once and for every instance through the database.
    /// Never fails: a write the database refuses, or that takes longer than <see cref="WriteTimeout"/>, is left to the poll.
    /// </summary>
    public async Task RevokeAsync(string family, CancellationToken cancellationToken)
    {
        Remember(family);
        // Npgsql does not cancel a connection attempt that the server never answers: stop waiting instead. A write
        // that still lands later does no harm (the poll's retry then finds the row there).
        var write = WriteAsync(Insert, family, CancellationToken.None);
        try
        {
            await write.WaitAsync(WriteTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or OperationCanceledException)
        {
            _ = write.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            // The sign-out itself goes on: this instance rejects the family already; the poll writes it for the others.
            logger.LogWarning(ex, "Could not record a sign-out for the other instances; it will be retried.");
            _unwritten.Enqueue(family);
        }
    }

    /// <summary>
    /// Writes the sign-outs that could not be written, then reads the rows revoked since the last poll (all of them the
    /// first time). Returns false when the database could not be reached; the next poll tries again.
    /// </summary>
    public async Task<bool> PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_unwritten.TryPeek(out var family))
            {
                await WriteAsync(BackgroundMarker + Insert, family, cancellationToken);
                _unwritten.TryDequeue(out _);
            }
            await using var command = dataSource.CreateCommand(Since);
            command.Parameters.Add(new NpgsqlParameter { Value = _since });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var now = reader.GetFieldValue<DateTime>(0);
            var sids = reader.GetFieldValue<string[]>(1);
            var expiries = reader.GetFieldValue<DateTime[]>(2);
            for (var i = 0; i < sids.Length; i++) _revoked[sids[i]] = new DateTimeOffset(expiries[i], TimeSpan.Zero);
            _since = now - Overlap;
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Once per outage, not once a second.
            if (!_unreachable) logger.LogWarning(ex, "Could not read the sign-outs of other instances; retrying.");
            _unreachable = true;
            return false;
        }
        if (_unreachable) logger.LogInformation("Reading the sign-outs of other instances again.");
        _unreachable = false;
        return true;
    }

    /// <summary>Forgets the revocations that outlived every cookie they concern, here and in the database.</summary>
    public async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        foreach (var (family, expires) in _revoked)
        {
            if (expires <= now) _revoked.TryRemove(new KeyValuePair<string, DateTimeOffset>(family, expires));
        }
        await using var command = dataSource.CreateCommand(DeleteExpired);
        command.Parameters.Add(new NpgsqlParameter { Value = CookieLifetime });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WriteAsync(string sql, string family, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = family });
        command.Parameters.Add(new NpgsqlParameter { Value = Keep });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
