using Microsoft.AspNetCore.Mvc;

namespace TenantSite.Infrastructure;

/// <summary>htmx request detection and the response header that keeps caches from mixing fragments and pages.</summary>
public static class Htmx
{
    /// <summary>True for a request htmx sent (it adds <c>HX-Request: true</c>).</summary>
    public static bool IsHtmx(this HttpRequest request) => request.Headers["HX-Request"] == "true";

    /// <summary>
    /// Sends the whole window to <paramref name="url"/>: htmx gets <c>HX-Redirect</c> (a 302 would be followed inside
    /// its request and the next page swapped into a fragment's place), a plain form gets the usual redirect.
    /// </summary>
    public static IActionResult NavigateTo(this HttpContext context, string url)
    {
        if (!context.Request.IsHtmx()) return new RedirectResult(url);
        context.Response.Headers["HX-Redirect"] = url;
        return new NoContentResult();
    }

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
