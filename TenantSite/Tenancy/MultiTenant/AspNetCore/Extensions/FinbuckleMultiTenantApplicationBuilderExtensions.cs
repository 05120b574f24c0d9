namespace TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

/// <summary>Plugs tenant resolution into the pipeline.</summary>
public static class FinbuckleMultiTenantApplicationBuilderExtensions
{
    /// <summary>Resolves the tenant of each request (before routing, for the path strategies' rebasing).</summary>
    public static IApplicationBuilder UseMultiTenant(this IApplicationBuilder builder) =>
        builder.UseMiddleware<MultiTenantMiddleware>();
}
