using Microsoft.Extensions.Options;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>
/// Asks each strategy (higher <see cref="IMultiTenantStrategy.Priority"/> first) for an identifier and each store for
/// its tenant, until one is found, raising the <see cref="MultiTenantEvents{TTenantInfo}"/> on the way.
/// </summary>
public class TenantResolver<TTenantInfo> : ITenantResolver<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    private readonly IOptionsMonitor<MultiTenantOptions<TTenantInfo>> _options;

    /// <summary>A resolver over the registered strategies and stores.</summary>
    public TenantResolver(IEnumerable<IMultiTenantStrategy> strategies, IEnumerable<IMultiTenantStore<TTenantInfo>> stores,
        IOptionsMonitor<MultiTenantOptions<TTenantInfo>> options)
    {
        // OrderByDescending is stable: equal priorities keep their registration order.
        Strategies = strategies.OrderByDescending(s => s.Priority).ToArray();
        Stores = stores.ToArray();
        _options = options;
    }

    /// <inheritdoc />
    public IEnumerable<IMultiTenantStrategy> Strategies { get; set; }

    /// <inheritdoc />
    public IEnumerable<IMultiTenantStore<TTenantInfo>> Stores { get; set; }

    /// <inheritdoc />
    public async Task<IMultiTenantContext<TTenantInfo>> ResolveAsync(object context)
    {
        var options = _options.CurrentValue;
        var result = new MultiTenantContext<TTenantInfo>(default);
        foreach (var strategy in Strategies)
        {
            var found = new StrategyResolveCompletedContext
            {
                Context = context,
                Strategy = strategy,
                Identifier = await strategy.GetIdentifierAsync(context),
            };
            await options.Events.OnStrategyResolveCompleted(found);
            if (found.Identifier is not { } identifier) continue;
            if (options.IgnoredIdentifiers.Contains(identifier, StringComparer.OrdinalIgnoreCase)) continue;

            foreach (var store in Stores)
            {
                var stored = new StoreResolveCompletedContext<TTenantInfo>
                {
                    Context = context,
                    Store = store,
                    Strategy = strategy,
                    Identifier = identifier,
                    TenantInfo = await store.GetByIdentifierAsync(identifier),
                };
                await options.Events.OnStoreResolveCompleted(stored);
                if (stored.TenantInfo is null) continue;

                result = new MultiTenantContext<TTenantInfo>(stored.TenantInfo,
                    new StrategyInfo { Strategy = strategy }, new StoreInfo<TTenantInfo> { Store = store });
                break;
            }
            if (result.IsResolved) break;
        }

        var completed = new TenantResolveCompletedContext<TTenantInfo> { MultiTenantContext = result, Context = context };
        await options.Events.OnTenantResolveCompleted(completed);
        return completed.MultiTenantContext;
    }

    async Task<IMultiTenantContext> ITenantResolver.ResolveAsync(object context) => await ResolveAsync(context);
}
