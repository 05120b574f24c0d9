using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>Options of tenant resolution.</summary>
public class MultiTenantOptions<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>The tenant type (set by <c>AddMultiTenant</c>).</summary>
    public required Type TenantInfoType { get; set; }

    /// <summary>Identifiers that never name a tenant (compared ignoring case): the resolver skips them.</summary>
    public IList<string> IgnoredIdentifiers { get; set; } = new List<string>();

    /// <summary>Hooks into resolution.</summary>
    public MultiTenantEvents<TTenantInfo> Events { get; set; } = new();
}
