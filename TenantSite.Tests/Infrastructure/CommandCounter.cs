using System.Collections.Concurrent;
using System.Diagnostics;
using TenantSite.Auth;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Counts the commands Npgsql sends to one database (each one round-trip: the tenant hand-over rides in the same
/// batch), from Npgsql's own tracing. Filtered by database name, so parallel test classes do not interfere, and
/// without the instance's own background commands (the sign-out poll), which belong to no page.
/// </summary>
public sealed class CommandCounter : IDisposable
{
    private readonly ActivityListener _listener;
    public ConcurrentQueue<string> Commands { get; } = new();

    public CommandCounter(string database)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (!activity.TagObjects.Any(t => Equals(t.Value, database))) return;
                var text = activity.TagObjects.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value as string ?? activity.DisplayName;
                if (!text.StartsWith(SessionRevocations.BackgroundMarker, StringComparison.Ordinal)) Commands.Enqueue(text);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Count => Commands.Count;

    public void Dispose() => _listener.Dispose();
}
