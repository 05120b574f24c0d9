using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;
using TenantSite.Api;
using TenantSite.RateLimits;
using TenantSite.Security;

namespace TenantSite.Pages.Errors;

/// <summary>
/// The page behind every error status (re-executed by the status code pages and the exception handler). A refused
/// request (<see cref="RequestRejection"/>) gets its own message. htmx gets the message alone, for the layout's flash
/// area; which statuses show it there is the htmx config's choice (see _Layout).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class Status : PageModel
{
    /// <summary>How long a client should wait before it tries again while the database cannot be reached.</summary>
    public const int RetryAfterSeconds = 5;

    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    // Every verb, with nothing to bind: the failed request is re-executed with its own method and body, which may be
    // the very input that was refused, and the provider's form_post callback has a field named "code". The status comes
    // from the route, or from the exception handler (400 for what the framework refused, 503 for an outage).
    // (NonHandler: Razor Pages would take an override named On… for a handler.)
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        Code = failure is not null ? Response.StatusCode
            : int.TryParse(RouteData.Values["code"]?.ToString(), CultureInfo.InvariantCulture, out var code) ? code : 404;
        (Title, Message) = Describe(Code);
        if (HttpContext.Rejection() is { } rejection) Message = rejection.Message;
        else if (failure is BadHttpRequestException bad) Message = bad.Message;

        // The page itself answers with the original status; a direct visit to /errors/N shows it too.
        Response.StatusCode = Code is >= 400 and < 600 ? Code : 404;
        if (Code == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            // Rendered without the database: the layout then leaves out the organization switcher.
            ViewData["DatabaseUnavailable"] = true;
        }
        // The API answers in problem details, whatever went wrong and whoever refused it.
        if (ApiEndpoint.IsApiPath(OriginalPath()))
        {
            context.Result = new ProblemResult(ApiProblems.ForStatus(HttpContext, Response.StatusCode, HttpContext.Rejection()?.Message, failure));
            return;
        }
        // Rendered here, for every verb: Razor Pages would answer an OPTIONS request it has no handler for with an
        // empty 200, turning the 405 of OPTIONS /signout into a success.
        context.Result = Request.IsHtmx() ? Partial("_StatusFlash", Message) : Page();
    }

    private PathString OriginalPath() =>
        HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } reExecuted ? reExecuted.OriginalPathBase + reExecuted.OriginalPath
        : HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } handled ? Request.PathBase + handled.Path
        : Request.PathBase + Request.Path;

    // An IResult (the minimal APIs' problem writer) where a page expects an IActionResult.
    private sealed class ProblemResult(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }

    private (string Title, string Message) Describe(int code) => code switch
    {
        400 => ("Bad request", "This address is not one TenantSite serves, or the request was malformed."),
        403 => ("Not allowed", "Your role in this organization does not allow that."),
        404 => ("Not found", "There is nothing here — or nothing you have access to."),
        405 => ("Not allowed here", "This address does not accept that kind of request."),
        413 => ("Too large", "The request is larger than TenantSite accepts."),
        415 => ("Unsupported form", "The request was not sent the way a browser sends a form."),
        429 => ("Too many requests", TooManyRequests(RetryAfter.Of(Response))),
        503 => ("Temporarily unavailable",
            "TenantSite cannot reach its database right now. What you saved before is safe; please try again in a few seconds."),
        >= 500 => ("Something went wrong", "The error was logged. Please try again."),
        _ => ("Error", "The request could not be completed."),
    };

    // The limiter answered before any handler ran: whatever the request was, it changed nothing.
    private static string TooManyRequests(int? seconds) => seconds switch
    {
        1 => "Too many requests, try again in 1 second. Nothing was changed.",
        > 1 => $"Too many requests, try again in {seconds} seconds. Nothing was changed.",
        _ => "Too many requests, try again in a minute. Nothing was changed.",
    };
}
