using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>What a store returned for an identifier.</summary>
public class StoreResolveCompletedContext<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>The context resolved (the <c>HttpContext</c>).</summary>
    public object? Context { get; set; }

    /// <summary>The store asked.</summary>
    public required IMultiTenantStore<TTenantInfo> Store { get; init; }

    /// <summary>The strategy that found the identifier.</summary>
    public required IMultiTenantStrategy Strategy { get; init; }

    /// <summary>The identifier looked up.</summary>
    public required string Identifier { get; init; }

    /// <summary>The tenant found; set it to null to go on with the next store.</summary>
    public TTenantInfo? TenantInfo { get; set; }

    /// <summary>True when there is a tenant.</summary>
    public bool TenantFound => TenantInfo is not null;
}
