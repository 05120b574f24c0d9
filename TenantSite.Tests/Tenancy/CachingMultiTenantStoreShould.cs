using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;
using TenantSite.Data;
using TenantSite.Tenancy;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Tenancy;

/// <summary>The cache in front of the real store (real database underneath).</summary>
public sealed class CachingMultiTenantStoreShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class CountingStore(IMultiTenantStore inner) : IMultiTenantStore
    {
        public int Calls;
        public Task<OrganizationTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return inner.GetByIdentifierAsync(identifier, cancellationToken);
        }
    }

    private (CachingMultiTenantStore Cache, CountingStore Inner, NpgsqlDataSource Source) Create()
    {
        var source = NpgsqlDataSource.Create(app.Postgres.Runtime(app.Database));
        var inner = new CountingStore(new OrganizationStore(source));
        var cache = new CachingMultiTenantStore(inner, new MemoryCache(new MemoryCacheOptions()), Options.Create(new TenancyOptions()));
        return (cache, inner, source);
    }

    [Fact]
    public async Task ResolveAWarmTenantWithoutTheDatabase()
    {
        var (cache, inner, source) = Create();
        await using var _ = source;
        var first = await cache.GetByIdentifierAsync("acme", Ct);
        var second = await cache.GetByIdentifierAsync("acme", Ct);

        Assert.Equal(new OrganizationTenantInfo(app.Demo.Acme, "acme", "Acme Inc"), first);
        Assert.Same(first, second);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task RememberUnknownSlugsSoAFloodDoesNotReachTheDatabase()
    {
        var (cache, inner, source) = Create();
        await using var _ = source;
        for (var i = 0; i < 50; i++) Assert.Null(await cache.GetByIdentifierAsync("nosuchorg", Ct));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task ForgetATenantWhenInvalidatedAfterARename()
    {
        var (cache, _, source) = Create();
        await using var __ = source;
        Assert.Equal("Globex", (await cache.GetByIdentifierAsync("globex", Ct))!.Name);

        await using (var admin = NpgsqlDataSource.Create(app.AdminConnectionString))
            await PostgresServer.Exec(admin, "UPDATE organizations SET name = 'Globex Corporation' WHERE slug = 'globex'");
        Assert.Equal("Globex", (await cache.GetByIdentifierAsync("globex", Ct))!.Name); // still cached

        cache.Invalidate("globex");
        Assert.Equal("Globex Corporation", (await cache.GetByIdentifierAsync("globex", Ct))!.Name);
    }
}
