using Microsoft.AspNetCore.Authorization;

namespace TenantSite.Auth;

/// <summary>The signed-in user is a member of the request's organization. Required by every <c>Pages/Org/**</c> page.</summary>
public sealed class OrganizationMemberRequirement : IAuthorizationRequirement
{
    /// <summary>The policy name.</summary>
    public const string Policy = "OrganizationMember";
}

/// <summary>
/// Decides membership of the resolved organization; it changes nothing. The data scope enters the organization after
/// authorization succeeded (<see cref="DataScopeMiddleware"/>).
/// </summary>
public sealed class OrganizationMemberHandler(CurrentMemberships memberships)
    : AuthorizationHandler<OrganizationMemberRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationMemberRequirement requirement)
    {
        if (await memberships.GetCurrentAsync() is not null) context.Succeed(requirement);
    }
}
