using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TenantSite.Tenancy.MultiTenant;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tests.Tenancy.MultiTenant;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class TenantResolverShould
{
    /// <summary>A strategy that always names <paramref name="identifier"/>.</summary>
    private sealed class Naming(string? identifier, int priority = 0) : IMultiTenantStrategy
    {
        public Task<string?> GetIdentifierAsync(object context) => Task.FromResult(identifier);
        public int Priority => priority;
    }

    private static readonly TenantInfo Acme = new() { Id = "1", Identifier = "acme", Name = "Acme" };
    private static readonly TenantInfo Globex = new() { Id = "2", Identifier = "globex", Name = "Globex" };

    private static TenantResolver<TenantInfo> Resolver(IMultiTenantStrategy[] strategies, IMultiTenantStore<TenantInfo>[] stores,
        Action<MultiTenantOptions<TenantInfo>>? configure = null)
    {
        var options = new MultiTenantOptions<TenantInfo> { TenantInfoType = typeof(TenantInfo) };
        configure?.Invoke(options);
        return new TenantResolver<TenantInfo>(strategies, stores, new StaticOptions(options));
    }

    private sealed class StaticOptions(MultiTenantOptions<TenantInfo> value) : IOptionsMonitor<MultiTenantOptions<TenantInfo>>
    {
        public MultiTenantOptions<TenantInfo> CurrentValue => value;
        public MultiTenantOptions<TenantInfo> Get(string? name) => value;
        public IDisposable? OnChange(Action<MultiTenantOptions<TenantInfo>, string?> listener) => null;
    }

    [Fact]
    public async Task RunHigherPriorityStrategiesFirstAndStopAtTheFirstTenantFound()
    {
        var store = new ListStore(Acme, Globex);
        var low = new Naming("acme");
        var high = new Naming("globex", priority: 10);
        var context = await Resolver([low, high], [store]).ResolveAsync(new DefaultHttpContext());

        Assert.Same(Globex, context.TenantInfo);
        Assert.Same(high, context.StrategyInfo?.Strategy);
        Assert.Same(store, context.StoreInfo?.Store);
        Assert.Equal(["globex"], store.Asked);
    }

    [Fact]
    public async Task GoOnWithTheNextStrategyWhenAStoreHasNoTenant()
    {
        var store = new ListStore(Acme);
        var context = await Resolver([new Naming("nosuch"), new Naming(null), new Naming("acme")], [store]).ResolveAsync(new object());

        Assert.Same(Acme, context.TenantInfo);
        Assert.Equal(["nosuch", "acme"], store.Asked);
    }

    [Fact]
    public async Task ReturnAnUnresolvedContextRatherThanNull()
    {
        var context = await Resolver([new Naming("nosuch")], [new ListStore(Acme)]).ResolveAsync(new object());
        Assert.False(context.IsResolved);
        Assert.Null(context.TenantInfo);
    }

    [Fact]
    public async Task SkipIgnoredIdentifiersWithoutAskingAStore()
    {
        var store = new ListStore(Acme);
        var context = await Resolver([new Naming("ACME")], [store], o => o.IgnoredIdentifiers = ["acme"]).ResolveAsync(new object());
        Assert.False(context.IsResolved);
        Assert.Empty(store.Asked);
    }

    [Fact]
    public async Task LetTheStrategyEventChangeOrClearTheIdentifier()
    {
        var store = new ListStore(Acme, Globex);
        var resolver = Resolver([new Naming("GLOBEX"), new Naming("acme")], [store], o => o.Events.OnStrategyResolveCompleted = found =>
        {
            found.Identifier = found.Identifier == "acme" ? null : found.Identifier?.ToLowerInvariant();
            return Task.CompletedTask;
        });
        Assert.Same(Globex, (await resolver.ResolveAsync(new object())).TenantInfo);
        Assert.Equal(["globex"], store.Asked);
    }

    [Fact]
    public async Task LetTheStoreEventRefuseATenantAndTheCompletedEventReplaceTheResult()
    {
        var seen = new List<bool>();
        var resolver = Resolver([new Naming("acme")], [new ListStore(Acme)], o =>
        {
            o.Events.OnStoreResolveCompleted = stored =>
            {
                stored.TenantInfo = null;
                return Task.CompletedTask;
            };
            o.Events.OnTenantResolveCompleted = resolved =>
            {
                seen.Add(resolved.IsResolved);
                resolved.MultiTenantContext = new MultiTenantContext<TenantInfo>(Globex);
                return Task.CompletedTask;
            };
        });
        Assert.Same(Globex, (await resolver.ResolveAsync(new object())).TenantInfo);
        Assert.Equal([false], seen);
    }

    [Fact]
    public async Task LetAStoreFailureReachTheCaller()
    {
        // Ours on purpose: Finbuckle logs a store's exception and reports "not found"; TenantSite must answer 503.
        var resolver = Resolver([new Naming("acme")], [new FailingStore()]);
        await Assert.ThrowsAsync<TimeoutException>(() => resolver.ResolveAsync(new object()));
    }

    private sealed class FailingStore : IMultiTenantStore<TenantInfo>
    {
        public Task<TenantInfo?> GetByIdentifierAsync(string identifier) => throw new TimeoutException();
        public Task<TenantInfo?> GetAsync(string id) => throw new TimeoutException();
        public Task<IEnumerable<TenantInfo>> GetAllAsync() => throw new TimeoutException();
        public Task<IEnumerable<TenantInfo>> GetAllAsync(int take, int skip) => throw new TimeoutException();
        public Task<bool> AddAsync(TenantInfo tenantInfo) => throw new TimeoutException();
        public Task<bool> UpdateAsync(TenantInfo tenantInfo) => throw new TimeoutException();
        public Task<bool> RemoveAsync(string identifier) => throw new TimeoutException();
    }
}
