using System.Collections.Concurrent;
using System.Diagnostics;
using TenantSite.Tests.Observability;
using TenantSite.Observability;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app with logging all the way up (every category at Trace, with scopes) and telemetry on, keeping every log
/// entry it writes and every activity any source in this process stops, whether or not OpenTelemetry exports it:
/// what the most talkative sink and the most curious collector could ever be given.
/// </summary>
public sealed class EverythingRecordedApp(PostgresServer postgres) : TenantSiteFactory(postgres,
    new AppSettings(
        ("Logging:LogLevel:Default", "Trace"),
        ("Logging:LogLevel:Microsoft", "Trace"),
        ("Logging:LogLevel:Microsoft.AspNetCore", "Trace"),
        ("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Trace"),
        ("Logging:LogLevel:System", "Trace"),
        // An endpoint where nothing listens: the exporter's sends fail quietly, the instrumentation runs as in production.
        (Telemetry.EndpointKey, "http://127.0.0.1:9")),
    new CapturedLogs<LogCapture>())
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = _ => true,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public LogCapture Logs => Part<CapturedLogs<LogCapture>>().Provider;

    /// <summary>Every activity stopped in this process while the fixture lives (other test apps' too).</summary>
    public ConcurrentQueue<Activity> Activities { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        _listener.ActivityStopped = Activities.Enqueue;
        ActivitySource.AddActivityListener(_listener);
        await base.InitializeAsync();
    }

    /// <summary>Every text an activity carries: names, tags, events, links, baggage and status.</summary>
    public static IEnumerable<string> Texts(Activity activity) =>
    [
        activity.DisplayName, activity.OperationName, activity.StatusDescription ?? "",
        .. activity.TagObjects.Select(t => $"{t.Key}={t.Value}"),
        .. activity.Baggage.Select(b => $"{b.Key}={b.Value}"),
        .. activity.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)),
        .. activity.Links.SelectMany(l => l.Tags?.Select(t => $"{t.Key}={t.Value}") ?? []),
    ];

    public override async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await base.DisposeAsync();
    }
}
