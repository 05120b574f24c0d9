using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace TenantSite.Auth;

/// <summary>
/// Fills the request's <see cref="DataScope"/>, the only code that does. The user, after authentication: the
/// membership check itself reads the user's memberships as that user. The organization, after authorization, in one
/// step: only on an endpoint that requires membership, which authorization has by then confirmed (it answers 404
/// otherwise and the request never gets here), and only with the resolved tenant's id from that membership, never
/// from anything the client sends. The authorization handlers only decide.
/// </summary>
public static class DataScopeMiddleware
{
    /// <summary>
    /// Records the authenticated user (or API key), and the client address for the audit log (the forwarded-headers
    /// step has run by then).
    /// </summary>
    public static IApplicationBuilder UseDataScopeUser(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var scope = context.RequestServices.GetRequiredService<DataScope>();
        scope.SetClientAddress(context.Connection.RemoteIpAddress);
        if (context.User.FindFirstValue(TenantSiteClaims.UserId) is { } value && Guid.TryParse(value, out var userId))
            scope.SetUser(userId);
        else if (ApiKeyOf(context.User) is { } key)
            scope.SetApiKey(key);
        return next(context);
    });

    /// <summary>Enters the organization whose membership authorization confirmed.</summary>
    public static IApplicationBuilder UseDataScopeOrganization(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (RequiresMembership(context.GetEndpoint()) &&
            await context.RequestServices.GetRequiredService<CurrentMemberships>().GetCurrentAsync(context.RequestAborted) is { } membership)
        {
            context.RequestServices.GetRequiredService<DataScope>().EnterOrganization(membership.OrganizationId);
        }
        await next(context);
    });

    // Put there by ApiKeyAuthentication only, from the key's row.
    private static ApiKeyGrant? ApiKeyOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(TenantSiteClaims.ApiKeyId), out var key) &&
        Guid.TryParse(user.FindFirstValue(TenantSiteClaims.ApiKeyOrganizationId), out var organization) &&
        user.FindFirstValue(TenantSiteClaims.ApiKeyRole) is { } role
            ? new ApiKeyGrant(key, organization, role)
            : null;

    // Pages/Org/** (AuthorizeFolder) and the API (Api/ApiExtensions) carry the membership policy; the permission policies include its requirement.
    private static bool RequiresMembership(Endpoint? endpoint) =>
        endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == OrganizationMemberRequirement.Policy) == true;
}
