namespace TenantSite.Infrastructure;

/// <summary>htmx request detection and the response header that keeps caches from mixing fragments and pages.</summary>
public static class Htmx
{
    /// <summary>True for a request htmx sent (it adds <c>HX-Request: true</c>).</summary>
    public static bool IsHtmx(this HttpRequest request) => request.Headers["HX-Request"] == "true";

    /// <summary>Every dynamic response may differ by HX-Request (fragment or full page).</summary>
    public static IApplicationBuilder UseVaryByHtmx(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            context.Response.Headers.Append("Vary", "HX-Request");
            return Task.CompletedTask;
        });
        return next(context);
    });
}
