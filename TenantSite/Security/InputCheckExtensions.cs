namespace TenantSite.Security;

/// <summary>
/// Malformed input is answered with a 4xx and a message, never a 500 or a misleading 404: raw query strings and form
/// bodies are checked before anything reads them (<see cref="InputCheckMiddleware"/>), pages refuse unknown handlers
/// and values that do not bind (<see cref="MalformedRequestPageFilter"/>), and failed antiforgery checks say why.
/// </summary>
public static class InputCheckExtensions
{
    /// <summary>The page filters (registered once for every page) and minimal-API binding that throws everywhere.</summary>
    public static IServiceCollection AddInputChecks(this IServiceCollection services)
    {
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.ConfigureFilter(new MalformedRequestPageFilter());
            o.Conventions.ConfigureFilter(new AntiforgeryFailureMessage());
        });
        // Minimal APIs (/signin) throw on a parameter that does not bind in every environment, not only in Development:
        // the exception handler turns it into its 400 page with the reason (see UseExceptionPages).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Checks query strings and form bodies (<see cref="InputCheckMiddleware"/>).</summary>
    public static IApplicationBuilder UseInputChecks(this IApplicationBuilder app) => app.UseMiddleware<InputCheckMiddleware>();
}
