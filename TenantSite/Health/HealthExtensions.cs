using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TenantSite.Health;

/// <summary>
/// Probes for an orchestrator or load balancer: <c>/healthz</c> (the process is alive) and <c>/readyz</c> (it can
/// serve: database reachable as the runtime role, schema up to date). Plain status text, no details.
/// </summary>
public static class HealthExtensions
{
    /// <summary>The path of the liveness probe.</summary>
    public const string LivePath = "/healthz";

    /// <summary>The path of the readiness probe.</summary>
    public const string ReadyPath = "/readyz";

    private const string ReadyTag = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        // A slow database must not hold a probe for the connection timeout (15 s by default): not ready after 5 s.
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag], timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    /// <summary>
    /// Answers <see cref="LivePath"/>. It asks nothing of the database: an orchestrator restarts a process that fails
    /// it, and a restart does not bring a database back.
    /// </summary>
    public static IApplicationBuilder UseLivenessProbe(this IApplicationBuilder app) =>
        app.UseHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });

    /// <summary>Answers <see cref="ReadyPath"/> with the checks tagged ready (the database).</summary>
    public static IApplicationBuilder UseReadinessProbe(this IApplicationBuilder app) =>
        app.UseHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
}
