using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy;

/// <summary>
/// Ours (Finbuckle 10 has no store cache): an in-memory cache in front of a store, so a warm lookup costs no database
/// round-trip. Unlike Finbuckle's read-through patterns it caches misses too, briefly, so a flood of unknown slugs
/// cannot turn into a flood of queries. Renames, creations and deletions drop entries through <see cref="ITenantCache"/>,
/// from this instance or from whoever hears of changes made elsewhere; the expiry bounds staleness when nobody does.
/// </summary>
public sealed class CachingMultiTenantStore<TTenantInfo>(IMultiTenantStore<TTenantInfo> inner, IMemoryCache cache, IOptions<TenancyOptions> options)
    : IMultiTenantStore<TTenantInfo>, ITenantCache
    where TTenantInfo : class, ITenantInfo
{
    private readonly TenancyOptions _options = options.Value;
    private CancellationTokenSource _generation = new();
    private long _invalidations;

    /// <inheritdoc />
    public async Task<TTenantInfo?> GetByIdentifierAsync(string identifier)
    {
        var key = Key(identifier);
        if (cache.TryGetValue(key, out Entry? entry)) return entry!.Tenant;

        var invalidations = Interlocked.Read(ref _invalidations);
        var tenant = await inner.GetByIdentifierAsync(identifier);
        cache.Set(key, new Entry(tenant), new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = tenant is null ? _options.NegativeCacheDuration : _options.CacheDuration,
            ExpirationTokens = { new CancellationChangeToken(Volatile.Read(ref _generation).Token) },
        });
        // An invalidation that came while the store was read may be about what was read: it must win. Checked after
        // Set, because each invalidation counts before it removes, so one of the two removes what was set.
        if (Interlocked.Read(ref _invalidations) != invalidations) cache.Remove(key);
        return tenant;
    }

    /// <inheritdoc />
    public void Invalidate(string identifier)
    {
        Interlocked.Increment(ref _invalidations);
        cache.Remove(Key(identifier));
    }

    /// <inheritdoc />
    public void InvalidateAll()
    {
        Interlocked.Increment(ref _invalidations);
        // Every entry expires with the generation it was cached in; other users of the shared memory cache keep theirs.
        // Not disposed: a lookup may still be taking its token, and a source without a timer holds nothing to release.
        Interlocked.Exchange(ref _generation, new CancellationTokenSource()).Cancel();
    }

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
