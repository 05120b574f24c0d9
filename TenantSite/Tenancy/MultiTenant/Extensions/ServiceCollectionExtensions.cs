using Microsoft.Extensions.DependencyInjection;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant.Extensions;

/// <summary>Registers tenant resolution.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds the resolver and the context accessor for <typeparamref name="TTenantInfo"/>, configured by <paramref name="config"/>.</summary>
    public static MultiTenantBuilder<TTenantInfo> AddMultiTenant<TTenantInfo>(this IServiceCollection services,
        Action<MultiTenantOptions<TTenantInfo>> config)
        where TTenantInfo : ITenantInfo
    {
        services.AddScoped<ITenantResolver<TTenantInfo>, TenantResolver<TTenantInfo>>();
        services.AddScoped<ITenantResolver>(sp => sp.GetRequiredService<ITenantResolver<TTenantInfo>>());
        services.AddSingleton<IMultiTenantContextAccessor<TTenantInfo>, AsyncLocalMultiTenantContextAccessor<TTenantInfo>>();
        services.AddSingleton<IMultiTenantContextAccessor>(sp => sp.GetRequiredService<IMultiTenantContextAccessor<TTenantInfo>>());
        services.AddSingleton(sp => (IMultiTenantContextSetter)sp.GetRequiredService<IMultiTenantContextAccessor>());
        services.Configure<MultiTenantOptions<TTenantInfo>>(o => o.TenantInfoType = typeof(TTenantInfo));
        services.Configure(config);
        return new MultiTenantBuilder<TTenantInfo>(services);
    }

    /// <summary>Adds the resolver and the context accessor for <typeparamref name="TTenantInfo"/>.</summary>
    public static MultiTenantBuilder<TTenantInfo> AddMultiTenant<TTenantInfo>(this IServiceCollection services)
        where TTenantInfo : ITenantInfo =>
        services.AddMultiTenant<TTenantInfo>(_ => { });
}
