using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TenantSite.Auth;

/// <summary>
/// Each signed-in user's memberships, kept between requests. On a warm tenant page the membership query was the
/// second of two database round-trips, and a round-trip costs far more than its query (bench/RESULTS.md).
/// <para>
/// Served only while this instance listens for changes (<see cref="MembershipChanges"/>): every membership and
/// organization change, by any writer on any instance, empties it within moments of its commit. A write through
/// this instance's own contexts empties it as soon as it is saved (<see cref="MembershipWrites"/>). If the listener
/// loses its connection the cache is bypassed until it listens again, and an entry is never served after
/// <see cref="MembershipCacheOptions.MaxAge"/>, the bound for a connection that died without an error.
/// </para>
/// </summary>
public sealed class MembershipCache(IOptions<MembershipCacheOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _generation;
    private volatile bool _listening;

    /// <summary>The clock entries expire by (tests move it).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Take this before reading memberships from the database, and give it to <see cref="Store"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The user's memberships if an entry is current; false while not listening.</summary>
    public bool TryGet(Guid userId, out IReadOnlyList<Membership> memberships)
    {
        if (_listening && _entries.TryGetValue(userId, out var entry) && entry.Generation == Generation &&
            Clock.GetUtcNow() < entry.Expires)
        {
            memberships = entry.Memberships;
            return true;
        }
        memberships = [];
        return false;
    }

    /// <summary>
    /// Keeps what was read after <paramref name="generation"/> was taken. If anything changed since, the generation
    /// moved on and the entry is never served: a read that raced a change cannot outlive it.
    /// </summary>
    public void Store(Guid userId, IReadOnlyList<Membership> memberships, long generation)
    {
        var settings = options.Value;
        if (!_listening || settings.MaxAge <= TimeSpan.Zero) return;
        // A bound, not an eviction policy: past it, starting over costs one query per active user.
        if (_entries.Count >= settings.MaxEntries) _entries.Clear();
        _entries[userId] = new Entry(memberships, generation, Clock.GetUtcNow() + settings.MaxAge);
    }

    /// <summary>Something changed: nothing read before now is served again.</summary>
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>The listener listens (again); whatever happened while it did not is unknown, so start empty.</summary>
    public void Listening()
    {
        InvalidateAll();
        _listening = true;
    }

    /// <summary>The listener lost its connection: changes would go unnoticed, so every request reads the database.</summary>
    public void NotListening()
    {
        _listening = false;
        InvalidateAll();
    }

    private sealed record Entry(IReadOnlyList<Membership> Memberships, long Generation, DateTimeOffset Expires);
}

/// <summary>Configuration section <c>MembershipCache</c>.</summary>
public sealed class MembershipCacheOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "MembershipCache";

    /// <summary>
    /// The longest an entry is served. Changes empty the cache at once; this bounds only a listener whose connection
    /// died silently (its keepalive notices within 30 s). Zero turns the cache off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00",
        ErrorMessage = "MembershipCache:MaxAge must be between {1} and {2} (hh:mm:ss).")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The most users kept at once.</summary>
    [Range(1, 10_000_000, ErrorMessage = "MembershipCache:MaxEntries must be between {1} and {2}.")]
    public int MaxEntries { get; set; } = 100_000;
}
