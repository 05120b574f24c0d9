namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>The default <see cref="IMultiTenantContext{TTenantInfo}"/>.</summary>
public class MultiTenantContext<TTenantInfo> : IMultiTenantContext<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>A context for <paramref name="tenantInfo"/> (null: unresolved).</summary>
    public MultiTenantContext(TTenantInfo? tenantInfo) => TenantInfo = tenantInfo;

    /// <summary>A context for <paramref name="tenantInfo"/>, found by the given strategy in the given store.</summary>
    public MultiTenantContext(TTenantInfo? tenantInfo, StrategyInfo? strategyInfo, StoreInfo<TTenantInfo>? storeInfo)
    {
        TenantInfo = tenantInfo;
        StrategyInfo = strategyInfo;
        StoreInfo = storeInfo;
    }

    /// <inheritdoc />
    public TTenantInfo? TenantInfo { get; init; }

    /// <inheritdoc />
    public bool IsResolved => TenantInfo is not null;

    /// <inheritdoc />
    public StrategyInfo? StrategyInfo { get; init; }

    /// <inheritdoc />
    public StoreInfo<TTenantInfo>? StoreInfo { get; init; }

    ITenantInfo? IMultiTenantContext.TenantInfo
    {
        get => TenantInfo;
        init => TenantInfo = (TTenantInfo?)value;
    }
}
