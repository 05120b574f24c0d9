using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TenantSite.Security;

/// <summary>
/// Refuses, for every page, what model binding lets through as if nothing were wrong: a handler name the page does not
/// have (Razor Pages would render the page without running anything, e.g. an empty project list), a method it has no
/// handler for (405), and a non-string value that does not bind — a malformed or missing id, a <c>bool</c> that is
/// not one — which would otherwise reach the handler as <c>Guid.Empty</c> or <c>false</c> and end in a misleading
/// 404 or a normal page (400). String values are left to the pages, which answer a bad name with 422 in place.
/// </summary>
public sealed class MalformedRequestPageFilter : IAsyncPageFilter
{
    /// <inheritdoc />
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (!context.HttpContext.IsReExecution() && Problem(context) is { } problem)
        {
            context.HttpContext.Reject(problem.StatusCode, problem.Message);
            context.Result = new StatusCodeResult(problem.StatusCode);
            return;
        }
        await next();
    }

    private static RequestRejection? Problem(PageHandlerExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (context.HandlerMethod is null)
        {
            var name = context.RouteData.Values["handler"]?.ToString() ?? request.Query["handler"].ToString();
            if (!string.IsNullOrEmpty(name))
                return new RequestRejection(StatusCodes.Status400BadRequest, $"This page has no action called “{name}”.");
            // GET and HEAD render the page; OPTIONS gets the framework's empty 200 (what a preflight expects).
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method))
                return new RequestRejection(StatusCodes.Status405MethodNotAllowed, $"This page does not accept {request.Method} requests.");
            return null;
        }

        var values = context.HandlerMethod.Parameters.Cast<ParameterDescriptor>().Concat(context.ActionDescriptor.BoundProperties);
        foreach (var value in values.Where(v => v.ParameterType != typeof(string)))
        {
            var key = value.BindingInfo?.BinderModelName ?? value.Name;
            if (context.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                return new RequestRejection(StatusCodes.Status400BadRequest, string.IsNullOrEmpty(entry.AttemptedValue)
                    ? $"The request is missing a value for “{key}”."
                    : $"The value given for “{key}” is not valid.");
            }
        }
        return null;
    }
}
