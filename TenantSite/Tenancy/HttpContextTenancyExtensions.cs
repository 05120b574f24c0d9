namespace TenantSite.Tenancy;

/// <summary>Shortcuts for reading the tenant from an <see cref="HttpContext"/>.</summary>
public static class HttpContextTenancyExtensions
{
    /// <summary>The request's tenancy context; <see cref="MultiTenantContext.Empty"/> when none was resolved.</summary>
    public static MultiTenantContext GetMultiTenantContext(this HttpContext context) =>
        context.Features.Get<MultiTenantContext>() ?? MultiTenantContext.Empty;

    /// <summary>The resolved tenant, or null.</summary>
    public static OrganizationTenantInfo? GetTenantInfo(this HttpContext context) =>
        context.GetMultiTenantContext().TenantInfo;
}
