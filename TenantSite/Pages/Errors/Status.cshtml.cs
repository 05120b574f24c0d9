using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSite.Infrastructure;
using TenantSite.Security;

namespace TenantSite.Pages.Errors;

/// <summary>
/// The page behind every error status (re-executed by the status code pages and the exception handler). A refused
/// request (<see cref="RequestRejection"/>) gets its own message; to htmx it is a flash fragment instead of a page.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class Status : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // Every verb, with nothing to bind: the failed request is re-executed with its own method and body, which may be
    // the very input that was refused. (NonHandler: Razor Pages would take an override named On… for a handler.)
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var bad = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error as BadHttpRequestException;
        var rejection = HttpContext.Rejection();
        Code = bad?.StatusCode ?? (int.TryParse(RouteData.Values["code"]?.ToString(), CultureInfo.InvariantCulture, out var code) ? code : 404);
        (Title, Message) = Describe(Code);
        if (rejection is not null) Message = rejection.Message;
        else if (bad is not null) Message = bad.Message;
        // The page itself answers with the original status; a direct visit to /errors/N shows it too.
        Response.StatusCode = Code is >= 400 and < 600 ? Code : 404;

        if ((rejection is not null || bad is not null) && Request.IsHtmx())
        {
            // htmx swaps no error answer into its target; site.js lets this one put the message in the flash area.
            Response.Headers["HX-Reswap"] = "none";
            context.Result = Partial("_ErrorFlashOob", Message);
            return;
        }
        // Rendered here, for every verb: Razor Pages would answer an OPTIONS request it has no handler for with an
        // empty 200, turning the 405 of OPTIONS /signout into a success.
        context.Result = Page();
    }

    private static (string Title, string Message) Describe(int code) => code switch
    {
        400 => ("Bad request", "This address is not one TenantSite serves, or the request was malformed."),
        403 => ("Not allowed", "Your role in this organization does not allow that."),
        404 => ("Not found", "There is nothing here — or nothing you have access to."),
        405 => ("Not allowed here", "This address does not accept that kind of request."),
        413 => ("Too large", "The request is larger than TenantSite accepts."),
        415 => ("Unsupported form", "The request was not sent the way a browser sends a form."),
        >= 500 => ("Something went wrong", "The error was logged. Please try again."),
        _ => ("Error", "The request could not be completed."),
    };
}
