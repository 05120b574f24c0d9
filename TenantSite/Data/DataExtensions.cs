using Npgsql;

namespace TenantSite.Data;

/// <summary>Registers the database: one pooled data source as the runtime role, the DbContext and its interceptor.</summary>
public static class DataExtensions
{
    /// <summary>The runtime connection (role <c>tenantsite_app</c>: no ownership, no RLS bypass).</summary>
    public const string RuntimeConnection = "TenantSite";

    /// <summary>The owner connection, used only by <c>migrate</c>.</summary>
    public const string AdminConnection = "TenantSiteAdmin";

    public static IServiceCollection AddData(this IServiceCollection services)
    {
        // Read when first needed, so that hosts (and test factories) can still change configuration.
        services.AddSingleton(sp => NpgsqlDataSource.Create(
            sp.GetRequiredService<IConfiguration>().GetConnectionString(RuntimeConnection)
            ?? throw new InvalidOperationException($"ConnectionStrings:{RuntimeConnection} is not configured.")));
        services.AddSingleton<TenantCommandInterceptor>();
        services.AddScoped<DataScope>();
        services.AddDbContext<AppDbContext>((sp, options) => options.UseTenantSite(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TenantCommandInterceptor>()));
        services.AddHostedService<RuntimeRoleGuard>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        return services;
    }

    /// <summary>The provider settings every AppDbContext uses, whichever role it connects as.</summary>
    public static TBuilder UseTenantSite<TBuilder>(
        this TBuilder options, NpgsqlDataSource dataSource, TenantCommandInterceptor interceptor)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(dataSource).AddInterceptors(interceptor);
        return options;
    }
}
