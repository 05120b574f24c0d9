using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Observability;

/// <summary>Without <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the tests' default app) there is no telemetry at all.</summary>
public sealed class TelemetryOffShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public void RegisterNoTracerOrMeterProvider()
    {
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }
}
