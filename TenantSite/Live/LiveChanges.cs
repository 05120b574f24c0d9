using System.Collections.Concurrent;

namespace TenantSite.Live;

/// <summary>
/// Fans the database's change notifications out to this instance's open streams, by organization. The triggers of
/// migration <c>LiveUpdates</c> send a <see cref="LiveChange"/> for the projects, tasks and memberships a statement
/// changed (ids only: any role that can connect may LISTEN); a stream hears only its own organization's, and only what
/// its page shows.
/// </summary>
public sealed partial class LiveChanges(ILogger<LiveChanges> logger) : IChannelSubscription
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<LiveSubscriber, byte>> _byOrganization = new();
    private readonly Dictionary<Guid, int> _perUser = [];

    string IChannelSubscription.Channel => LiveChange.Channel;

    /// <summary>
    /// Opens a mailbox for a stream of <paramref name="userId"/> in <paramref name="organizationId"/> (whose membership
    /// the caller confirmed), or null when the user already holds <paramref name="maxPerUser"/> streams here.
    /// </summary>
    public LiveSubscriber? TrySubscribe(Guid organizationId, Guid? projectId, Guid userId, int maxPerUser)
    {
        // Subscribing and unsubscribing take one lock (they are rare), so an organization's entry can go with its last
        // stream without racing a new one; notifications read without it.
        lock (_perUser)
        {
            var open = _perUser.GetValueOrDefault(userId);
            if (open >= maxPerUser) return null;
            _perUser[userId] = open + 1;
            var subscriber = new LiveSubscriber(this, organizationId, projectId, userId);
            _byOrganization.GetOrAdd(organizationId, _ => new ConcurrentDictionary<LiveSubscriber, byte>())[subscriber] = 0;
            return subscriber;
        }
    }

    /// <summary>The streams open on this instance (for tests and diagnostics).</summary>
    public int Count => _byOrganization.Values.Sum(s => s.Count);

    internal void Unsubscribe(LiveSubscriber subscriber)
    {
        lock (_perUser)
        {
            if (!_byOrganization.TryGetValue(subscriber.OrganizationId, out var subscribers) || !subscribers.TryRemove(subscriber, out _)) return;
            if (--_perUser[subscriber.UserId] == 0) _perUser.Remove(subscriber.UserId);
            // The last stream of an organization takes its entry along: an instance that served many organizations over
            // time keeps entries only for those with a stream open now.
            if (subscribers.IsEmpty) _byOrganization.TryRemove(subscriber.OrganizationId, out _);
        }
    }

    /// <summary>The organizations with a stream open on this instance (for tests and diagnostics).</summary>
    public int Organizations => _byOrganization.Count;

    /// <inheritdoc />
    public void OnNotification(string payload)
    {
        // A stray message (anyone who can connect may NOTIFY) is reported and reaches nobody.
        var change = LiveChange.Parse(payload);
        if (change is not { OrganizationId: { } organization, Table: "projects" or "tasks" or "organization_members" })
        {
            LogMalformed(payload.Length > 200 ? payload[..200] : payload);
            return;
        }
        if (!_byOrganization.TryGetValue(organization, out var subscribers)) return;
        foreach (var subscriber in subscribers.Keys) subscriber.Signal(SignalsFor(subscriber, change));
    }

    /// <summary>Changes may have been missed while nobody listened: every stream checks its membership and refreshes.</summary>
    public void OnListening()
    {
        foreach (var subscriber in _byOrganization.Values.SelectMany(s => s.Keys)) subscriber.Signal(LiveSignals.Resync);
    }

    // The dashboard shows every project with its task counts; a project page its own tasks (a null project: a statement
    // changed too many of the organization's projects to name each).
    private static LiveSignals SignalsFor(LiveSubscriber subscriber, LiveChange change) =>
        change.Table == "organization_members" ? LiveSignals.Membership
        : subscriber.ProjectId is null || change.ProjectId is null || change.ProjectId == subscriber.ProjectId ? LiveSignals.Refresh
        : LiveSignals.None;

    [LoggerMessage(LogLevel.Warning, "Ignored a notification on " + LiveChange.Channel + " that is not a live change: {Payload}")]
    private partial void LogMalformed(string payload);
}
