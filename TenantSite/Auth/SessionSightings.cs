using System.Collections.Concurrent;
using Npgsql;

namespace TenantSite.Auth;

/// <summary>
/// When each session was last used, for the Sessions page, without a write per request: a session is noted at most
/// once per <see cref="Every"/>, and the revocation poll writes what was noted in one statement.
/// </summary>
public sealed class SessionSightings(NpgsqlDataSource dataSource)
{
    /// <summary>How often one session's use is written at most.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    private const string Touch = SessionRevocations.BackgroundMarker + "SELECT tenantsite_touch_sessions($1)";

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _noted = new();
    private readonly ConcurrentDictionary<Guid, byte> _pending = new();

    /// <summary>The clock sightings are throttled by (tests move it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Notes a request of <paramref name="session"/>; in memory only.</summary>
    public void Seen(Guid session)
    {
        var now = Clock.GetUtcNow();
        if (_noted.TryGetValue(session, out var last) && now - last < Every) return;
        _noted[session] = now;
        _pending[session] = 0;
    }

    /// <summary>Writes the sightings noted since the last flush; what fails is noted again by the next request.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        foreach (var (session, last) in _noted)
        {
            if (now - last >= Every) _noted.TryRemove(new KeyValuePair<Guid, DateTimeOffset>(session, last));
        }
        if (_pending.IsEmpty) return;
        var ids = _pending.Keys.ToArray();
        foreach (var id in ids) _pending.TryRemove(id, out _);
        await using var command = dataSource.CreateCommand(Touch);
        command.Parameters.Add(new NpgsqlParameter { Value = ids });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
