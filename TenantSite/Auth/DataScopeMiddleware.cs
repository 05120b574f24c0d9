using System.Security.Claims;

namespace TenantSite.Auth;

/// <summary>Hands the authenticated user's id to the request's <see cref="DataScope"/> (after UseAuthentication).</summary>
public sealed class DataScopeMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, DataScope scope)
    {
        if (context.User.FindFirstValue(TenantSiteClaims.UserId) is { } value && Guid.TryParse(value, out var userId))
            scope.SetUser(userId);
        return next(context);
    }
}
