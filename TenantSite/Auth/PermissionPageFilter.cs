using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Filters;

namespace TenantSite.Auth;

/// <summary>Enforces <see cref="RequirePermissionAttribute"/> on the page class and on the selected handler: 403 when missing.</summary>
public sealed class PermissionPageFilter(IAuthorizationService authorization) : IAsyncPageFilter
{
    // The policies a page and handler require, read by reflection once per pair rather than on every request.
    private static readonly ConcurrentDictionary<(Type Page, MethodInfo? Handler), string[]> Required = new();

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var policies = Required.GetOrAdd((context.HandlerInstance.GetType(), context.HandlerMethod?.MethodInfo), static key =>
            [.. key.Page.GetCustomAttributes<RequirePermissionAttribute>()
                .Concat(key.Handler?.GetCustomAttributes<RequirePermissionAttribute>() ?? [])
                .Select(attribute => Permissions.Policy(attribute.Permission))]);
        foreach (var policy in policies)
        {
            var result = await authorization.AuthorizeAsync(context.HttpContext.User, policy);
            if (!result.Succeeded)
            {
                context.Result = new ForbidResult();
                return;
            }
        }
        await next();
    }
}
