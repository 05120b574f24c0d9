namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Where tenants are kept.</summary>
public interface IMultiTenantStore<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>Adds a tenant; true on success.</summary>
    Task<bool> AddAsync(TTenantInfo tenantInfo);

    /// <summary>Updates a tenant; true on success.</summary>
    Task<bool> UpdateAsync(TTenantInfo tenantInfo);

    /// <summary>Removes the tenant with this identifier; true on success.</summary>
    Task<bool> RemoveAsync(string identifier);

    /// <summary>The tenant with this identifier, or null.</summary>
    Task<TTenantInfo?> GetByIdentifierAsync(string identifier);

    /// <summary>The tenant with this id, or null.</summary>
    Task<TTenantInfo?> GetAsync(string id);

    /// <summary>Every tenant.</summary>
    Task<IEnumerable<TTenantInfo>> GetAllAsync();

    /// <summary>A page of tenants.</summary>
    Task<IEnumerable<TTenantInfo>> GetAllAsync(int take, int skip);
}
