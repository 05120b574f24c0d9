using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TenantSite.Observability;

/// <summary>Logs that say whose request they belong to and keep secrets out; OpenTelemetry when a collector is configured.</summary>
public static class ObservabilityExtensions
{
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LoggerFilterOptions>, SensitiveLogCategories>());
        // The framework's factory, as AddLogging registers it, behind one that redacts credentials for every logger.
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetRequiredService<IOptions<LoggerFactoryOptions>>()))));
        if (Telemetry.IsEnabled(configuration)) services.AddTelemetry(configuration);
        return services;
    }

    /// <summary>The organization on every later log line (and span and metric).</summary>
    public static IApplicationBuilder UseTenantDiagnostics(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestDiagnostics).FullName!);
        var telemetry = Telemetry.IsEnabled(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use((context, next) => RequestDiagnostics.TenantAsync(context, next, logger, telemetry));
    }

    /// <summary>The user id on every later log line.</summary>
    public static IApplicationBuilder UseUserDiagnostics(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestDiagnostics).FullName!);
        return app.Use((context, next) => RequestDiagnostics.UserAsync(context, next, logger));
    }
}
