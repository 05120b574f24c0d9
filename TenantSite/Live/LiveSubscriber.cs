namespace TenantSite.Live;

/// <summary>
/// One open stream's mailbox: the organization (and project) it watches, and the signals pending for it. Bounded and
/// coalescing: whatever arrives meanwhile is a set of flags plus one pending wake-up, so the listener's thread never
/// waits for a slow client and a burst of changes is one refresh.
/// </summary>
public sealed class LiveSubscriber : IDisposable
{
    private readonly LiveChanges _hub;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private int _pending;

    internal LiveSubscriber(LiveChanges hub, Guid organizationId, Guid? projectId, Guid userId)
    {
        (_hub, OrganizationId, ProjectId, UserId) = (hub, organizationId, projectId, userId);
    }

    /// <summary>The organization whose changes reach this subscriber, and no other's.</summary>
    public Guid OrganizationId { get; }

    /// <summary>The project whose page is open, or null for the organization's dashboard.</summary>
    public Guid? ProjectId { get; }

    /// <summary>Whose stream it is (counted against <see cref="LiveOptions.MaxStreamsPerUser"/>).</summary>
    public Guid UserId { get; }

    /// <summary>Adds <paramref name="signals"/> and wakes the stream; never blocks.</summary>
    internal void Signal(LiveSignals signals)
    {
        if (signals == LiveSignals.None) return;
        Interlocked.Or(ref _pending, (int)signals);
        if (_wake.CurrentCount > 0) return;
        try { _wake.Release(); }
        catch (SemaphoreFullException) { } // woken by someone else meanwhile: one wake-up is enough
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a signal, then takes (and clears) what is pending.</summary>
    public async Task<LiveSignals> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _pending) == 0) await _wake.WaitAsync(timeout, cancellationToken);
        return (LiveSignals)Interlocked.Exchange(ref _pending, 0);
    }

    /// <summary>
    /// Stops receiving and frees the user's stream slot. The semaphore is left to the collector (it holds nothing that
    /// needs disposing until its wait handle is asked for): a notification already on its way may still signal it.
    /// </summary>
    public void Dispose() => _hub.Unsubscribe(this);
}
