namespace TenantSite.Observability;

/// <summary>Logs that say whose request they belong to and keep secrets out; OpenTelemetry when a collector is configured.</summary>
public static class ObservabilityExtensions
{
    /// <summary>
    /// ASP.NET Core's request lines ("Request starting/finished …") carry the query string, and the sign-in callback's
    /// query carries the authorization code and state (response_mode=query over http). They are held at Warning, which
    /// they never use, even when the configuration asks every category for Trace; a provider-specific rule
    /// (<c>Logging:Console:LogLevel:…</c>) can still turn them on deliberately. Request timing comes from traces.
    /// </summary>
    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        // Added after the configuration's rules, so this one wins over the same category there.
        services.AddLogging(logging => logging.AddFilter(HostingDiagnostics, LogLevel.Warning));
        if (Telemetry.IsEnabled(configuration)) services.AddTelemetry(configuration);
        return services;
    }

    /// <summary>The organization on every later log line (and span and metric); call right after <c>UseTenancy</c>.</summary>
    public static IApplicationBuilder UseTenantDiagnostics(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestDiagnostics).FullName!);
        var telemetry = Telemetry.IsEnabled(app.ApplicationServices.GetRequiredService<IConfiguration>());
        return app.Use((context, next) => RequestDiagnostics.TenantAsync(context, next, logger, telemetry));
    }

    /// <summary>The user id on every later log line; call right after authentication.</summary>
    public static IApplicationBuilder UseUserDiagnostics(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestDiagnostics).FullName!);
        return app.Use((context, next) => RequestDiagnostics.UserAsync(context, next, logger));
    }
}
