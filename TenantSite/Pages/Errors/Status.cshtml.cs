using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSite.Infrastructure;

namespace TenantSite.Pages.Errors;

/// <summary>
/// The page behind every error status (re-executed by the status code pages and exception handler middleware). htmx
/// gets the message as a flash fragment instead: it never swaps a whole page into a fragment's place.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class Status : PageModel
{
    /// <summary>How long a client should wait before retrying while the database cannot be reached.</summary>
    public const int RetryAfterSeconds = 5;

    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    /// <summary>Set while the database cannot be reached: the layout then leaves out what would query it.</summary>
    public bool DatabaseUnavailable => Code == StatusCodes.Status503ServiceUnavailable;

    // Every verb: a failed POST re-executes with POST and must still get this page.
    public IActionResult OnGet(int code) => Describe(code);
    public IActionResult OnPost(int code) => Describe(code);

    private IActionResult Describe(int code)
    {
        // The exception handler re-executes /errors/500 with the status it chose for the exception (503 for an outage).
        Code = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null ? Response.StatusCode : code;
        (Title, Message) = Code switch
        {
            400 => ("Bad request", "This address is not one TenantSite serves, or the request was malformed."),
            403 => ("Not allowed", "Your role in this organization does not allow that."),
            404 => ("Not found", "There is nothing here — or nothing you have access to."),
            503 => ("Temporarily unavailable",
                "TenantSite cannot reach its database right now. What you saved before is safe; please try again in a few seconds."),
            >= 500 => ("Something went wrong", "The error was logged. Please try again."),
            _ => ("Error", "The request could not be completed."),
        };
        // The page itself answers with the original status; a direct visit to /errors/N shows it too.
        Response.StatusCode = Code is >= 400 and < 600 ? Code : 404;
        if (DatabaseUnavailable) Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        ViewData[nameof(DatabaseUnavailable)] = DatabaseUnavailable;
        return Request.IsHtmx() ? Partial("_StatusFlash", this) : Page();
    }
}
