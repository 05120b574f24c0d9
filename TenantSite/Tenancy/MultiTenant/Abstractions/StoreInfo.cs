namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Which store had the tenant.</summary>
public class StoreInfo<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>The store's type.</summary>
    public Type? StoreType => Store?.GetType();

    /// <summary>The store.</summary>
    public IMultiTenantStore<TTenantInfo>? Store { get; init; }
}
