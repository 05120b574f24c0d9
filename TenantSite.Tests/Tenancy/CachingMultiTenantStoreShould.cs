using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using TenantSite.Data;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.Abstractions;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Tenancy;

/// <summary>The cache in front of the real store (real database underneath).</summary>
// A host of its own: it watches its host's tenant cache, which other classes' requests fill and empty.
public sealed class CachingMultiTenantStoreShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private sealed class CountingStore(IMultiTenantStore<OrganizationTenantInfo> inner) : IMultiTenantStore<OrganizationTenantInfo>
    {
        public int Calls;
        /// <summary>Awaited after each read from the database, before the cache gets the result.</summary>
        public Func<Task>? AfterRead;
        public async Task<OrganizationTenantInfo?> GetByIdentifierAsync(string identifier)
        {
            Interlocked.Increment(ref Calls);
            var tenant = await inner.GetByIdentifierAsync(identifier);
            if (AfterRead is { } afterRead) await afterRead();
            return tenant;
        }
        public Task<OrganizationTenantInfo?> GetAsync(string id) => inner.GetAsync(id);
        public Task<IEnumerable<OrganizationTenantInfo>> GetAllAsync() => inner.GetAllAsync();
        public Task<IEnumerable<OrganizationTenantInfo>> GetAllAsync(int take, int skip) => inner.GetAllAsync(take, skip);
        public Task<bool> AddAsync(OrganizationTenantInfo tenantInfo) => inner.AddAsync(tenantInfo);
        public Task<bool> UpdateAsync(OrganizationTenantInfo tenantInfo) => inner.UpdateAsync(tenantInfo);
        public Task<bool> RemoveAsync(string identifier) => inner.RemoveAsync(identifier);
    }

    private (CachingMultiTenantStore<OrganizationTenantInfo> Cache, CountingStore Inner) Create()
    {
        var inner = new CountingStore(new OrganizationStore(app.RuntimeDataSource));
        var cache = new CachingMultiTenantStore<OrganizationTenantInfo>(inner, new MemoryCache(new MemoryCacheOptions()), Options.Create(new TenancyOptions()));
        return (cache, inner);
    }

    [Fact]
    public async Task ResolveAWarmTenantWithoutTheDatabase()
    {
        var (cache, inner) = Create();
        var first = await cache.GetByIdentifierAsync("acme");
        var second = await cache.GetByIdentifierAsync("acme");

        Assert.Equal((app.Demo.Acme, app.Demo.Acme.ToString(), "acme", "Acme Inc"), (first!.OrganizationId, first.Id, first.Identifier, first.Name));
        Assert.Same(first, second);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task RememberUnknownSlugsSoAFloodDoesNotReachTheDatabase()
    {
        var (cache, inner) = Create();
        for (var i = 0; i < 50; i++) Assert.Null(await cache.GetByIdentifierAsync("nosuchorg"));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task ForgetATenantWhenInvalidatedAfterARename()
    {
        var (cache, _) = Create();
        Assert.Equal("Globex", (await cache.GetByIdentifierAsync("globex"))!.Name);

        await using (var admin = NpgsqlDataSource.Create(app.AdminConnectionString))
            await PostgresServer.Exec(admin, "UPDATE organizations SET name = 'Globex Corporation' WHERE slug = 'globex'");
        Assert.Equal("Globex", (await cache.GetByIdentifierAsync("globex"))!.Name); // still cached

        cache.Invalidate("globex");
        Assert.Equal("Globex Corporation", (await cache.GetByIdentifierAsync("globex"))!.Name);
    }

    [Fact]
    public async Task ForgetEveryTenantWhenAllAreInvalidated()
    {
        var (cache, inner) = Create();
        await cache.GetByIdentifierAsync("acme");
        await cache.GetByIdentifierAsync("nosuchorg");

        cache.InvalidateAll();
        Assert.Equal("Acme Inc", (await cache.GetByIdentifierAsync("acme"))!.Name);
        Assert.Null(await cache.GetByIdentifierAsync("nosuchorg"));
        await cache.GetByIdentifierAsync("acme");

        Assert.Equal(4, inner.Calls); // each read again once, then cached again
    }

    [Fact]
    public async Task NotKeepWhatItReadWhenAnInvalidationCameMeanwhile()
    {
        var (cache, inner) = Create();
        inner.AfterRead = () =>
        {
            // The change (and its invalidation) lands after the store read the old row, before the cache keeps it.
            inner.AfterRead = null;
            cache.Invalidate("acme");
            return Task.CompletedTask;
        };
        await cache.GetByIdentifierAsync("acme");

        await cache.GetByIdentifierAsync("acme");
        await cache.GetByIdentifierAsync("acme");
        Assert.Equal(2, inner.Calls); // the first result was not kept; the second was
    }

    [Fact]
    public async Task NotKeepWhatItReadWhenEverythingWasInvalidatedMeanwhile()
    {
        var (cache, inner) = Create();
        inner.AfterRead = () =>
        {
            inner.AfterRead = null;
            cache.InvalidateAll();
            return Task.CompletedTask;
        };
        await cache.GetByIdentifierAsync("globex");

        await cache.GetByIdentifierAsync("globex");
        await cache.GetByIdentifierAsync("globex");
        Assert.Equal(2, inner.Calls);
    }
}
