using Microsoft.AspNetCore.Diagnostics;

namespace TenantSite.Infrastructure;

/// <summary>
/// Why the app refused a request (400, 405, 413, 415) in words for the person who sent it. Whoever refuses sets it
/// with <see cref="RequestRejections.Reject"/> and leaves the body empty; the status code pages then render the
/// message: the error page for a plain request, a flash fragment for htmx.
/// </summary>
public sealed record RequestRejection(int StatusCode, string Message);

/// <summary>Setting and reading the request's <see cref="RequestRejection"/>.</summary>
public static class RequestRejections
{
    /// <summary>The answer to a form whose antiforgery token is missing, forged or from another session.</summary>
    public const string FormExpired =
        "This form has expired or was not sent from this site. Reload the page and try again; nothing was changed.";

    /// <summary>Refuses the request with <paramref name="statusCode"/> and <paramref name="message"/>.</summary>
    public static void Reject(this HttpContext context, int statusCode, string message)
    {
        context.Features.Set(new RequestRejection(statusCode, message));
        context.Response.StatusCode = statusCode;
    }

    /// <summary>The refusal set on this request, if any.</summary>
    public static RequestRejection? Rejection(this HttpContext context) => context.Features.Get<RequestRejection>();

    /// <summary>
    /// True while the error page is being rendered for this request (status code pages or exception handler): the
    /// checks already ran on the original request and must not refuse their own error page.
    /// </summary>
    public static bool IsReExecution(this HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
}
