namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>The tenant a request (or other context) resolved to, if any, and the strategy that found it.</summary>
public interface IMultiTenantContext
{
    /// <summary>The resolved tenant, or null.</summary>
    ITenantInfo? TenantInfo { get; init; }

    /// <summary>True when a tenant was resolved.</summary>
    bool IsResolved { get; }

    /// <summary>The strategy that found the tenant.</summary>
    StrategyInfo? StrategyInfo { get; init; }
}

/// <summary>The typed <see cref="IMultiTenantContext"/>.</summary>
public interface IMultiTenantContext<TTenantInfo> : IMultiTenantContext
    where TTenantInfo : ITenantInfo
{
    /// <summary>The resolved tenant, or null.</summary>
    new TTenantInfo? TenantInfo { get; }

    /// <summary>The store that had the tenant.</summary>
    StoreInfo<TTenantInfo>? StoreInfo { get; }
}
