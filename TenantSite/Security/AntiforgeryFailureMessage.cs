using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace TenantSite.Security;

/// <summary>
/// Gives the 400 of a failed antiforgery check its message. The check is an authorization filter that answers with an
/// empty 400; an always-run result filter still sees that answer.
/// </summary>
public sealed class AntiforgeryFailureMessage : IAlwaysRunResultFilter
{
    /// <inheritdoc />
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult)
            context.HttpContext.Reject(StatusCodes.Status400BadRequest, RequestRejections.FormExpired);
    }

    /// <inheritdoc />
    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
