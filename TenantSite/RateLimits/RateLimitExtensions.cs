using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TenantSite.RateLimits;

/// <summary>
/// Rate limits with ASP.NET Core's rate limiting middleware, in two places of the pipeline (Pipeline.cs), because what
/// they count is known at different times: sign-in requests by client address, API requests by key, writes by user (or
/// key) and organization. Each placement runs only for its own requests, so reads never reach the write limiter.
/// </summary>
public static class RateLimitExtensions
{
    /// <summary>Binds and checks the <c>RateLimits</c> section and registers the limiters.</summary>
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SignInRateLimit>();
        services.AddSingleton<WriteRateLimit>();
        services.AddSingleton<ApiKeyRateLimit>();
        // The middleware's own services (metrics). Its options stay unused: each placement brings its own limiter.
        services.AddRateLimiter(_ => { });
        return services;
    }

    /// <summary>Limits sign-in starts and callbacks per client address.</summary>
    public static IApplicationBuilder UseSignInRateLimit(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<SignInRateLimit>();
        return app.UseWhen(limit.AppliesTo, branch => branch.UseRateLimiter(Rejecting(limit.Limiter)));
    }

    /// <summary>Limits writes per user and per organization.</summary>
    public static IApplicationBuilder UseWriteRateLimit(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<WriteRateLimit>();
        return app.UseWhen(WriteRateLimit.AppliesTo, branch => branch.UseRateLimiter(Rejecting(limit.Limiter)));
    }

    /// <summary>
    /// Limits every request per API key; and tells every API answer its allowance (429s included): a key's requests, or
    /// a signed-in session's writes.
    /// </summary>
    public static IApplicationBuilder UseApiKeyRateLimit(this IApplicationBuilder app)
    {
        var keys = app.ApplicationServices.GetRequiredService<ApiKeyRateLimit>();
        var writes = app.ApplicationServices.GetRequiredService<WriteRateLimit>();
        return app.UseWhen(context => ApiEndpoint.Is(context) && !context.IsReExecution(), api => api
            .Use((context, next) =>
            {
                var byKey = ApiKeyRateLimit.AppliesTo(context);
                context.Response.OnStarting(() =>
                {
                    if (byKey) keys.WriteHeaders(context);
                    else writes.WriteHeaders(context);
                    return Task.CompletedTask;
                });
                return next(context);
            })
            .UseWhen(ApiKeyRateLimit.AppliesTo, byKey => byKey.UseRateLimiter(Rejecting(keys.Limiter))));
    }

    private static RateLimiterOptions Rejecting(PartitionedRateLimiter<HttpContext> limiter) => new()
    {
        GlobalLimiter = limiter,
        RejectionStatusCode = StatusCodes.Status429TooManyRequests,
        OnRejected = RetryAfter.OnRejected,
    };
}
