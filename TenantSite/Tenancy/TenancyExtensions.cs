using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TenantSite.Tenancy;

/// <summary>Registers and plugs in tenant resolution.</summary>
public static class TenancyExtensions
{
    /// <summary>
    /// Adds the strategies (host first, then base path), the cached store around <typeparamref name="TStore"/>, the
    /// context accessor and the Razor Pages convention that makes <c>Pages/Org/**</c> tenant-scoped.
    /// </summary>
    public static IServiceCollection AddTenancy<TStore>(this IServiceCollection services, IConfiguration configuration)
        where TStore : class, IMultiTenantStore
    {
        services.Configure<TenancyOptions>(configuration.GetSection(TenancyOptions.Section));
        services.AddSingleton(sp => new RootDomain(sp.GetRequiredService<IOptions<TenancyOptions>>().Value.RootDomain));
        services.AddSingleton<HostStrategy>();
        services.AddSingleton(sp => new BasePathStrategy(
            sp.GetRequiredService<RootDomain>(), sp.GetRequiredService<IOptions<TenancyOptions>>().Value.PathPrefix));
        services.AddSingleton<IMultiTenantStrategy>(sp => sp.GetRequiredService<HostStrategy>());
        services.AddSingleton<IMultiTenantStrategy>(sp => sp.GetRequiredService<BasePathStrategy>());

        services.AddMemoryCache();
        services.AddSingleton<TStore>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CachingMultiTenantStore>(sp, sp.GetRequiredService<TStore>()));
        services.AddSingleton<IMultiTenantStore>(sp => sp.GetRequiredService<CachingMultiTenantStore>());
        services.AddSingleton<ITenantCache>(sp => sp.GetRequiredService<CachingMultiTenantStore>());

        services.AddHttpContextAccessor();
        services.AddSingleton<IMultiTenantContextAccessor, HttpMultiTenantContextAccessor>();
        services.AddSingleton(sp => new TenantLinks(
            sp.GetRequiredService<RootDomain>(), sp.GetRequiredService<IOptions<TenancyOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, TenantScopeMatcherPolicy>());
        services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new TenantPageRouteConvention("Org", "Errors")));
        return services;
    }

    /// <summary>Resolves the tenant; call before <c>UseRouting</c> so that routing sees the rebased path.</summary>
    public static IApplicationBuilder UseTenancy(this IApplicationBuilder app) =>
        app.UseMiddleware<MultiTenantMiddleware>();
}
