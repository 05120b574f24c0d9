using Microsoft.Extensions.DependencyInjection;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>Adds strategies and stores to tenant resolution (returned by <c>AddMultiTenant</c>).</summary>
public class MultiTenantBuilder<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>A builder over <paramref name="services"/>.</summary>
    public MultiTenantBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; set; }

    /// <summary>Adds a store created with <paramref name="parameters"/> plus services.</summary>
    public MultiTenantBuilder<TTenantInfo> WithStore<TStore>(ServiceLifetime lifetime, params object[] parameters)
        where TStore : IMultiTenantStore<TTenantInfo> =>
        WithStore(lifetime, sp => ActivatorUtilities.CreateInstance<TStore>(sp, parameters));

    /// <summary>Adds a store made by <paramref name="factory"/>.</summary>
    public MultiTenantBuilder<TTenantInfo> WithStore<TStore>(ServiceLifetime lifetime, Func<IServiceProvider, TStore> factory)
        where TStore : IMultiTenantStore<TTenantInfo>
    {
        Services.Add(ServiceDescriptor.Describe(typeof(IMultiTenantStore<TTenantInfo>), sp => factory(sp), lifetime));
        return this;
    }

    /// <summary>Adds a strategy created with <paramref name="parameters"/> plus services.</summary>
    public MultiTenantBuilder<TTenantInfo> WithStrategy<TStrategy>(ServiceLifetime lifetime, params object[] parameters)
        where TStrategy : IMultiTenantStrategy =>
        WithStrategy(lifetime, sp => ActivatorUtilities.CreateInstance<TStrategy>(sp, parameters));

    /// <summary>Adds a strategy made by <paramref name="factory"/>.</summary>
    public MultiTenantBuilder<TTenantInfo> WithStrategy<TStrategy>(ServiceLifetime lifetime, Func<IServiceProvider, TStrategy> factory)
        where TStrategy : IMultiTenantStrategy
    {
        Services.Add(ServiceDescriptor.Describe(typeof(IMultiTenantStrategy), sp => factory(sp), lifetime));
        return this;
    }
}
