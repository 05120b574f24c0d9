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

    /// <summary>
    /// The backstop for <see cref="NavigateTo"/>: a redirect answered to an htmx request (a handler that forgot, the
    /// sign-in redirect of an expired session, …) becomes the same <c>HX-Redirect</c>. The browser's XMLHttpRequest
    /// would otherwise follow it unseen and htmx would swap whatever page it ended on into a fragment's place (a
    /// cross-host redirect would fail outright); going there with the whole window is what a plain form gets.
    /// </summary>
    public static IApplicationBuilder UseHtmxRedirects(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var response = context.Response;
        if (!context.Request.IsHtmx() || response.HasStarted || response.StatusCode is < 300 or > 399) return;
        if (response.Headers.Location is not [{ Length: > 0 } location]) return;
        response.Headers.Location = default;
        response.Headers["HX-Redirect"] = location;
        response.StatusCode = StatusCodes.Status204NoContent;
    });

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
