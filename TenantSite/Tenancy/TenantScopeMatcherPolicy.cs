using Microsoft.AspNetCore.Routing.Matching;

namespace TenantSite.Tenancy;

/// <summary>
/// Lets a tenant dashboard and the landing page share the route <c>/</c>: tenant-scoped endpoints are valid only
/// when a tenant was resolved, root-scoped ones only when none was.
/// </summary>
public sealed class TenantScopeMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <inheritdoc />
    public override int Order => 0;

    /// <inheritdoc />
    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<TenantScopeMetadata>() is not null);

    /// <inheritdoc />
    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var inTenant = TenantAddressing.HasTenant(httpContext);
        for (var i = 0; i < candidates.Count; i++)
        {
            var scope = candidates[i].Endpoint.Metadata.GetMetadata<TenantScopeMetadata>()?.Scope;
            if (scope == TenantScope.Tenant && !inTenant || scope == TenantScope.Root && inTenant)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}
