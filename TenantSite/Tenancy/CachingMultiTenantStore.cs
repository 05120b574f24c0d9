using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TenantSite.Tenancy;

/// <summary>
/// An in-memory cache in front of a store: a warm lookup costs no database round-trip. Misses are cached briefly
/// too, so a flood of unknown slugs cannot turn into a flood of queries. Entries are dropped on rename, create and
/// delete through <see cref="ITenantCache"/>; the expiry bounds staleness for other app instances.
/// </summary>
public sealed class CachingMultiTenantStore(IMultiTenantStore inner, IMemoryCache cache, IOptions<TenancyOptions> options)
    : IMultiTenantStore, ITenantCache
{
    private readonly TenancyOptions _options = options.Value;

    /// <inheritdoc />
    public async Task<OrganizationTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(identifier), out Entry? entry)) return entry!.Tenant;

        var tenant = await inner.GetByIdentifierAsync(identifier, cancellationToken);
        cache.Set(Key(identifier), new Entry(tenant),
            tenant is null ? _options.NegativeCacheDuration : _options.CacheDuration);
        return tenant;
    }

    /// <inheritdoc />
    public void Invalidate(string identifier) => cache.Remove(Key(identifier));

    private static string Key(string identifier) => "tenant:" + identifier;

    // A wrapper so that "known not to exist" (null tenant) is a cache hit, not a miss.
    private sealed record Entry(OrganizationTenantInfo? Tenant);
}
