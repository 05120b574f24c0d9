using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TenantSite.Org;

namespace TenantSite.Infrastructure;

/// <summary>Razor Pages, error pages and static files.</summary>
public static class WebUiExtensions
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages();
        // Page routes follow folder names (Org/Projects/…); the URLs people see and share are lower case.
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        // The flash's TempData cookie, without an expired Set-Cookie on every page (FlashCookie).
        services.AddSingleton<CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, FlashCookie>());
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // One token cookie per host, whatever the path-mode base (forms post to /signout at the root too).
            o.Cookie.Path = "/";
        });
        // The writes the pages make, and the API with them (Org/). Here until Program.cs, being reworked elsewhere, calls it.
        services.AddOrgCommands();
        return services;
    }

    /// <summary>
    /// Friendly pages for every error status and for exceptions (503 while the database cannot be reached, 500 for the
    /// rest); static files before any tenancy work; htmx never gets a redirect.
    /// </summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/errors/500",
            // An outage is not a bug: the error page then says "try again in a moment" and sends Retry-After. What the
            // framework finds malformed (a query value that does not bind, a body over the server's limit) is the sender's
            // error: its own status and reason on the error page, not a logged 500.
            StatusCodeSelector = exception => exception switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ when exception.IsDatabaseUnavailable() => StatusCodes.Status503ServiceUnavailable,
                _ => StatusCodes.Status500InternalServerError,
            },
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        app.UseStaticFiles();
        app.UseVaryByHtmx();
        app.UseHtmxRedirects();
        return app;
    }
}
