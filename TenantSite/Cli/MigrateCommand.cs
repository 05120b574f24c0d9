using Npgsql;
using TenantSite.Billing;

namespace TenantSite.Cli;

/// <summary>
/// <c>migrate</c>: applies every migration as the owner (<c>ConnectionStrings:TenantSiteAdmin</c>), then makes sure
/// each plan's limits (<c>Billing:Plans</c>) are in <c>plan_limits</c>, and the runtime role of
/// <c>ConnectionStrings:TenantSite</c> exists, is unprivileged, and has its grants.
/// </summary>
public static class MigrateCommand
{
    public static async Task RunAsync(IConfiguration configuration, ILogger logger, CancellationToken cancellationToken)
    {
        var admin = configuration.GetConnectionString(DataExtensions.AdminConnection)
            ?? throw new InvalidOperationException($"ConnectionStrings:{DataExtensions.AdminConnection} is not configured.");
        var runtime = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DataExtensions.RuntimeConnection)
            ?? throw new InvalidOperationException($"ConnectionStrings:{DataExtensions.RuntimeConnection} is not configured."));

        var billing = BillingOptions.From(configuration);
        await using var adminSource = NpgsqlDataSource.Create(admin);
        await MigrateAsync(adminSource, cancellationToken);
        // The limits the database enforces, from configuration, so that the pages and the triggers read the same.
        await PlanLimitsTable.WriteAsync(adminSource, billing, cancellationToken);
        await RuntimeRole.EnsureAsync(adminSource, runtime.Username ?? "tenantsite_app", runtime.Password, cancellationToken);
        logger.LogInformation("Database migrated; runtime role {Role} ready.", runtime.Username);
    }

    /// <summary>Applies pending migrations through the given owner connection.</summary>
    public static async Task MigrateAsync(NpgsqlDataSource adminSource, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseTenantSite(adminSource, new TenantCommandInterceptor()).Options;
        await using var db = new AppDbContext(options);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
