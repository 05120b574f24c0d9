namespace TenantSite.Tenancy;

/// <summary>The tenant a request was resolved to, and by which strategy. Kept as an HttpContext feature.</summary>
public sealed class MultiTenantContext
{
    /// <summary>The resolved tenant, or null on the root domain.</summary>
    public OrganizationTenantInfo? TenantInfo { get; init; }

    /// <summary>The strategy that found the tenant (host or base path mode).</summary>
    public IMultiTenantStrategy? Strategy { get; init; }

    /// <summary>True when a tenant was resolved.</summary>
    public bool IsResolved => TenantInfo is not null;

    /// <summary>The context of a request with no tenant.</summary>
    public static readonly MultiTenantContext Empty = new();
}
