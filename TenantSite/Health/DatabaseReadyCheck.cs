using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TenantSite.Health;

/// <summary>
/// Ready when the database answers as the runtime role and has every migration this build knows applied: an instance
/// of a new version deployed before <c>migrate</c> ran reports not ready rather than serving against the old schema.
/// </summary>
internal sealed class DatabaseReadyCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Reads __EFMigrationsHistory as the runtime role (RuntimeRole grants SELECT on it); no tenant is involved.
            var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
            return pending.Any()
                ? HealthCheckResult.Unhealthy($"{pending.Count()} migration(s) not applied; run migrate.")
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database cannot be reached.", ex);
        }
    }
}
