using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy;

/// <summary>
/// Ours (Finbuckle 10 has no store cache): an in-memory cache in front of a store, so a warm lookup costs no database
/// round-trip. Unlike Finbuckle's read-through patterns it caches misses too, briefly, so a flood of unknown slugs
/// cannot turn into a flood of queries. Renames, creations and deletions drop entries through <see cref="ITenantCache"/>;
/// the expiry bounds staleness for other app instances.
/// </summary>
public sealed class CachingMultiTenantStore<TTenantInfo>(IMultiTenantStore<TTenantInfo> inner, IMemoryCache cache, IOptions<TenancyOptions> options)
    : IMultiTenantStore<TTenantInfo>, ITenantCache
    where TTenantInfo : class, ITenantInfo
{
    private readonly TenancyOptions _options = options.Value;

    /// <inheritdoc />
    public async Task<TTenantInfo?> GetByIdentifierAsync(string identifier)
    {
        if (cache.TryGetValue(Key(identifier), out Entry? entry)) return entry!.Tenant;

        var tenant = await inner.GetByIdentifierAsync(identifier);
        cache.Set(Key(identifier), new Entry(tenant), tenant is null ? _options.NegativeCacheDuration : _options.CacheDuration);
        return tenant;
    }

    /// <inheritdoc />
    public void Invalidate(string identifier) => cache.Remove(Key(identifier));

    /// <inheritdoc />
    public async Task<bool> AddAsync(TTenantInfo tenantInfo)
    {
        Invalidate(tenantInfo.Identifier);
        return await inner.AddAsync(tenantInfo);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateAsync(TTenantInfo tenantInfo)
    {
        Invalidate(tenantInfo.Identifier);
        return await inner.UpdateAsync(tenantInfo);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAsync(string identifier)
    {
        Invalidate(identifier);
        return await inner.RemoveAsync(identifier);
    }

    /// <inheritdoc />
    public Task<TTenantInfo?> GetAsync(string id) => inner.GetAsync(id);

    /// <inheritdoc />
    public Task<IEnumerable<TTenantInfo>> GetAllAsync() => inner.GetAllAsync();

    /// <inheritdoc />
    public Task<IEnumerable<TTenantInfo>> GetAllAsync(int take, int skip) => inner.GetAllAsync(take, skip);

    private static string Key(string identifier) => "tenant:" + identifier;

    // A wrapper so that "known not to exist" (null tenant) is a cache hit, not a miss.
    private sealed record Entry(TTenantInfo? Tenant);
}
