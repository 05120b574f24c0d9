using Microsoft.AspNetCore.Authorization;

namespace TenantSite.Auth;

/// <summary>The signed-in user's role in the request's organization grants <see cref="Permission"/>.</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

/// <summary>Checks a <see cref="PermissionRequirement"/> against the membership loaded for this request.</summary>
public sealed class PermissionHandler(CurrentMemberships memberships) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (Permissions.Has((await memberships.GetCurrentAsync())?.Role, requirement.Permission))
            context.Succeed(requirement);
    }
}
