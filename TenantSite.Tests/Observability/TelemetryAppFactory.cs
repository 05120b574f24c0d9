using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TenantSite.Observability;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Observability;

/// <summary>
/// The app with telemetry on (an OTLP endpoint where nothing listens: its exports fail quietly) and an in-process
/// exporter beside it that keeps every span and metric, and a password in its runtime connection string.
/// </summary>
public sealed class TelemetryAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    public string RuntimePassword { get; } = "runtime-pw-" + Guid.NewGuid().ToString("N");

    /// <summary>Every finished span of this process's ASP.NET Core and Npgsql sources (other test apps' too: filter by trace).</summary>
    public ConcurrentQueue<Activity> Spans { get; } = new();

    public List<MetricSnapshot> Metrics { get; } = [];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [Telemetry.EndpointKey] = "http://127.0.0.1:9",
        ["ConnectionStrings:TenantSite"] = new NpgsqlConnectionStringBuilder(Postgres.Runtime(Database)) { Password = RuntimePassword }.ConnectionString,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new QueueCollection(Spans)));
            services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics));
        });
    }

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
