using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

/// <summary>The request's tenant, from what the middleware stored on the <see cref="HttpContext"/>.</summary>
public static class FinbuckleHttpContextExtensions
{
    /// <summary>The request's context; an unresolved one when no tenant was resolved, never null.</summary>
    public static IMultiTenantContext<TTenantInfo> GetMultiTenantContext<TTenantInfo>(this HttpContext httpContext)
        where TTenantInfo : ITenantInfo
    {
        if (httpContext.Items.TryGetValue(typeof(IMultiTenantContext), out var stored) && stored is not null)
            return (IMultiTenantContext<TTenantInfo>)stored;
        var unresolved = new MultiTenantContext<TTenantInfo>(default);
        httpContext.Items[typeof(IMultiTenantContext)] = unresolved;
        return unresolved;
    }

    /// <summary>The request's tenant, or null.</summary>
    public static TTenantInfo? GetTenantInfo<TTenantInfo>(this HttpContext httpContext)
        where TTenantInfo : ITenantInfo =>
        httpContext.GetMultiTenantContext<TTenantInfo>().TenantInfo;
}
