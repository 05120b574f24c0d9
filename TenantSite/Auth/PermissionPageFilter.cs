using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TenantSite.Auth;

/// <summary>Enforces <see cref="RequirePermissionAttribute"/> on the page class and on the selected handler: 403 when missing.</summary>
public sealed class PermissionPageFilter(IAuthorizationService authorization) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var required = context.HandlerInstance.GetType().GetCustomAttributes<RequirePermissionAttribute>()
            .Concat(context.HandlerMethod?.MethodInfo.GetCustomAttributes<RequirePermissionAttribute>() ?? []);
        foreach (var attribute in required)
        {
            var result = await authorization.AuthorizeAsync(context.HttpContext.User, Permissions.Policy(attribute.Permission));
            if (!result.Succeeded)
            {
                context.Result = new ForbidResult();
                return;
            }
        }
        await next();
    }
}
