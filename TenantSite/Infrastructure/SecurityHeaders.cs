using Microsoft.AspNetCore.Antiforgery;

namespace TenantSite.Infrastructure;

/// <summary>
/// The security headers of every response: pages, htmx fragments, error pages, redirects, static files, health checks.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Features no TenantSite page uses; a page may not ask for them, nor let a frame ask.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), encrypted-media=(), " +
        "fullscreen=(), geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), " +
        "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), " +
        "xr-spatial-tracking=()";

    /// <summary>One year; tenants are subdomains of the root domain, so they are covered too.</summary>
    public const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    /// <summary>The policy (it reads <c>Tenancy</c> and <c>Oidc:Authority</c>), and one source of X-Frame-Options.</summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services)
    {
        services.AddSingleton<ContentSecurityPolicy>();
        // X-Frame-Options comes from here on every response (DENY); antiforgery would add SAMEORIGIN to some.
        services.Configure<AntiforgeryOptions>(o => o.SuppressXFrameOptionsHeader = true);
        return services;
    }

    /// <summary>
    /// Writes the headers as the response starts, after every later step (the exception handler clears headers, status
    /// code pages re-execute, static files short-circuit) has had its say. HSTS is sent over https outside Development
    /// only, so a developer's browser never pins localhost to https.
    /// </summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<ContentSecurityPolicy>();
        var hsts = !app.Environment.IsDevelopment();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy.For(context.Request);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // Nothing about tenants (their hosts, paths, ids) travels in a Referer to another origin.
                headers["Referrer-Policy"] = "same-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                if (hsts && context.Request.IsHttps) headers.StrictTransportSecurity = StrictTransportSecurity;
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
