using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>The outcome of resolution.</summary>
public record TenantResolveCompletedContext<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>The result; a replacement set here is what the resolver returns.</summary>
    public required MultiTenantContext<TTenantInfo> MultiTenantContext { get; set; }

    /// <summary>The context resolved (the <c>HttpContext</c>).</summary>
    public required object Context { get; init; }

    /// <summary>True when a tenant was found.</summary>
    public bool IsResolved => MultiTenantContext.IsResolved;
}
