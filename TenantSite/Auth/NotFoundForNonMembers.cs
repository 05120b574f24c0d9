using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace TenantSite.Auth;

/// <summary>
/// A signed-in non-member gets the same 404 as a missing organization, so membership cannot be probed; a member
/// lacking a permission gets 403; everything else is handled as usual. The API never redirects to a sign-in: without
/// credentials it answers 401 with the bearer challenge, and its problem details come from the status code pages.
/// </summary>
public sealed class NotFoundForNonMembers : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden &&
            authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<OrganizationMemberRequirement>().Any() == true)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        if (ApiEndpoint.Is(context) && (authorizeResult.Challenged || authorizeResult.Forbidden))
        {
            if (authorizeResult.Challenged)
            {
                // RFC 6750: a refused token says so; a request without any just learns the scheme.
                context.Response.Headers.WWWAuthenticate = context.Features.Get<ApiKeyFailure>() is null
                    ? "Bearer"
                    : "Bearer error=\"invalid_token\"";
            }
            context.Response.StatusCode = authorizeResult.Challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
