using Microsoft.AspNetCore.Authorization;

namespace TenantSite.Auth;

/// <summary>The signed-in user is a member of the request's organization. Required by every <c>Pages/Org/**</c> page.</summary>
public sealed class OrganizationMemberRequirement : IAuthorizationRequirement
{
    /// <summary>The policy name.</summary>
    public const string Policy = "OrganizationMember";
}

/// <summary>
/// Confirms membership and only then lets the database scope enter the organization: the tenant the data layer
/// uses comes from the resolved host/path plus membership, never from anything the client sends.
/// </summary>
public sealed class OrganizationMemberHandler(CurrentMemberships memberships, DataScope scope)
    : AuthorizationHandler<OrganizationMemberRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OrganizationMemberRequirement requirement)
    {
        if (await memberships.GetCurrentAsync() is not { } membership) return;
        scope.EnterOrganization(membership.OrganizationId);
        context.Succeed(requirement);
    }
}
