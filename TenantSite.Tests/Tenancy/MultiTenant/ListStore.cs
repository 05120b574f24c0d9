using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tests.Tenancy.MultiTenant;

/// <summary>A store over a fixed list that counts its lookups.</summary>
public sealed class ListStore(params TenantInfo[] tenants) : IMultiTenantStore<TenantInfo>
{
    public List<string> Asked { get; } = [];
    public Task<TenantInfo?> GetByIdentifierAsync(string identifier)
    {
        Asked.Add(identifier);
        return Task.FromResult(tenants.FirstOrDefault(t => t.Identifier == identifier));
    }
    public Task<TenantInfo?> GetAsync(string id) => Task.FromResult(tenants.FirstOrDefault(t => t.Id == id));
    public Task<IEnumerable<TenantInfo>> GetAllAsync() => Task.FromResult<IEnumerable<TenantInfo>>(tenants);
    public Task<IEnumerable<TenantInfo>> GetAllAsync(int take, int skip) => Task.FromResult(tenants.Skip(skip).Take(take));
    public Task<bool> AddAsync(TenantInfo tenantInfo) => Task.FromResult(false);
    public Task<bool> UpdateAsync(TenantInfo tenantInfo) => Task.FromResult(false);
    public Task<bool> RemoveAsync(string identifier) => Task.FromResult(false);
}
