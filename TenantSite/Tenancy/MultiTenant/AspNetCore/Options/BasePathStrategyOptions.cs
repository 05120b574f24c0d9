namespace TenantSite.Tenancy.MultiTenant.AspNetCore.Options;

/// <summary>Options of the base path strategy.</summary>
public class BasePathStrategyOptions
{
    /// <summary>Move the tenant's segment into <c>Request.PathBase</c> once the tenant is resolved.</summary>
    public bool RebaseAspNetCorePathBase { get; set; }
}
