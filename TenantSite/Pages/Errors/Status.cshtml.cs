using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSite.Infrastructure;
using TenantSite.RateLimits;

namespace TenantSite.Pages.Errors;

/// <summary>
/// The page behind every error status (re-executed by the status code pages and exception handler middleware). htmx
/// gets the message alone, for the layout's flash area; which statuses show it there is the htmx config's choice (see
/// _Layout).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class Status : PageModel
{
    /// <summary>How long a client should wait before it tries again while the database cannot be reached.</summary>
    public const int RetryAfterSeconds = 5;

    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // Every verb: a failed POST re-executes with POST and must still get this page. The code comes from the route only:
    // a re-executed form keeps its fields, and the provider's form_post callback has one named "code".
    public IActionResult OnGet([FromRoute] int code) => Describe(code);
    public IActionResult OnPost([FromRoute] int code) => Describe(code);

    private IActionResult Describe(int code)
    {
        // An exception re-executes /errors/500 with the status the exception handler chose for it (503: an outage).
        Code = HttpContext.Features.Get<IExceptionHandlerFeature>() is null ? code : Response.StatusCode;
        (Title, Message) = Code switch
        {
            400 => ("Bad request", "This address is not one TenantSite serves, or the request was malformed."),
            403 => ("Not allowed", "Your role in this organization does not allow that."),
            404 => ("Not found", "There is nothing here — or nothing you have access to."),
            429 => ("Too many requests", TooManyRequests(RetryAfter.Of(Response))),
            503 => ("Temporarily unavailable",
                "TenantSite cannot reach its database right now. What you saved before is safe; please try again in a few seconds."),
            >= 500 => ("Something went wrong", "The error was logged. Please try again."),
            _ => ("Error", "The request could not be completed."),
        };
        // The page itself answers with the original status; a direct visit to /errors/N shows it too.
        Response.StatusCode = Code is >= 400 and < 600 ? Code : 404;
        if (Code == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
            // Rendered without the database: the layout then leaves out the organization switcher.
            ViewData["DatabaseUnavailable"] = true;
        }
        return Request.IsHtmx() ? Partial("_StatusFlash", Message) : Page();
    }

    // The limiter answered before any handler ran: whatever the request was, it changed nothing.
    private static string TooManyRequests(int? seconds) => seconds switch
    {
        1 => "Too many requests, try again in 1 second. Nothing was changed.",
        > 1 => $"Too many requests, try again in {seconds} seconds. Nothing was changed.",
        _ => "Too many requests, try again in a minute. Nothing was changed.",
    };
}
