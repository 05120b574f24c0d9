using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TenantSite.Observability;

/// <summary>
/// OpenTelemetry traces and metrics of requests and of Npgsql's commands, exported over OTLP. Off unless
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: then nothing listens to the activity sources and meters, and the request
/// pipeline gains no step.
/// </summary>
public static class Telemetry
{
    /// <summary>The standard variable (or configuration key) that names the collector; its presence turns telemetry on.</summary>
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The span and metric attribute that names the organization by its slug.</summary>
    public const string TenantTag = "tenant";

    /// <summary>The span and metric attribute that names the organization by its id (slugs can change).</summary>
    public const string TenantIdTag = "tenant.id";

    private const string ServiceName = "tenantsite";

    /// <summary>
    /// The path to record for a request whose path holds a credential (<see cref="SecretText"/>), or null for any other:
    /// an invitation link (<c>/join/{slug}/{token}</c>) keeps its shape and organization, never its token, which admits
    /// whoever holds it; an API key put in a path keeps its public prefix only.
    /// </summary>
    public static string? RedactedPath(string? path) =>
        path is not null && SecretText.Redact(path) is var redacted && !string.Equals(redacted, path, StringComparison.Ordinal) ? redacted : null;

    /// <summary>True when an OTLP endpoint is configured.</summary>
    public static bool IsEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    /// <summary>Traces and metrics for ASP.NET Core and Npgsql, to the OTLP exporter (which reads the OTEL_* variables).</summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenTelemetry()
            // OTEL_SERVICE_NAME, when set, names the service; otherwise this does, not the process's file name.
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])) resource.AddService(ServiceName);
            })
            // ASP.NET Core's instrumentation redacts query string values (the sign-in callback's code) by default; an
            // invitation link's token, or an API key a client put there, is in the path, so that is redacted here.
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, request) =>
                {
                    if (RedactedPath(request.PathBase.Add(request.Path).Value) is { } path) activity.SetTag("url.path", path);
                })
                .AddNpgsql()
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation().AddOtlpExporter());
        return services;
    }
}
