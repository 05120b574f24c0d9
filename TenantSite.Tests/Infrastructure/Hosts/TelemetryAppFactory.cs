using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TenantSite.Observability;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app with telemetry on (an OTLP endpoint where nothing listens: its exports fail quietly) and an in-process
/// exporter beside it that keeps every span and metric, and a password in its runtime connection string.
/// </summary>
public sealed class TelemetryAppFactory : TenantSiteFactory
{
    public TelemetryAppFactory(PostgresServer postgres) : this(postgres, "runtime-pw-" + Guid.NewGuid().ToString("N"), new(), []) { }

    private TelemetryAppFactory(PostgresServer postgres, string password, ConcurrentQueue<Activity> spans, List<MetricSnapshot> metrics)
        : base(postgres,
            new AppSettings(app =>
            [
                KeyValuePair.Create(Telemetry.EndpointKey, (string?)"http://127.0.0.1:9"),
                KeyValuePair.Create("ConnectionStrings:TenantSite",
                    (string?)new NpgsqlConnectionStringBuilder(app.Postgres.Runtime(app.Database)) { Password = password }.ConnectionString),
            ]),
            new TestServices(services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new QueueCollection(spans)));
                services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
            }))
    {
        RuntimePassword = password;
        Spans = spans;
        Metrics = metrics;
    }

    public string RuntimePassword { get; }

    /// <summary>Every finished span of this process's ASP.NET Core and Npgsql sources (other test apps' too: filter by trace).</summary>
    public ConcurrentQueue<Activity> Spans { get; }

    public List<MetricSnapshot> Metrics { get; }

    // The exporter wants an ICollection; spans finish on the server's threads while a test reads them.
    private sealed class QueueCollection(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => queue.Enqueue(item);
        public void Clear() => queue.Clear();
        public bool Contains(Activity item) => queue.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
