using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TenantSite.Tenancy.MultiTenant.Abstractions;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;
using TenantSite.Tenancy.MultiTenant.Extensions;

namespace TenantSite.Tenancy;

/// <summary>Registers and plugs in tenant resolution: Finbuckle's chain, configured with TenantSite's policy and additions.</summary>
public static class TenancyExtensions
{
    /// <summary>
    /// Organizations as tenants: by host (<c>{slug}.{RootDomain}</c>) first, then by base path
    /// (<c>{RootDomain}/{PathPrefix}/{slug}</c>), from <typeparamref name="TStore"/> behind the tenant cache; plus the
    /// Razor Pages convention and matcher policy that make <c>Pages/Org/**</c> tenant-scoped, and <see cref="TenantLinks"/>.
    /// </summary>
    public static IServiceCollection AddTenancy<TStore>(this IServiceCollection services, IConfiguration configuration)
        where TStore : class, IMultiTenantStore<OrganizationTenantInfo>
    {
        var section = configuration.GetSection(TenancyOptions.Section);
        services.Configure<TenancyOptions>(section);
        // The host template needs the root domain now, as Finbuckle's WithHostStrategy takes its template.
        var root = new RootDomain((section.Get<TenancyOptions>() ?? new TenancyOptions()).RootDomain);

        services.AddMultiTenant<OrganizationTenantInfo>(options =>
            {
                options.IgnoredIdentifiers = [.. Slug.Reserved];
                options.Events.OnStrategyResolveCompleted = TenantAddressing.OnStrategyResolveCompleted;
                options.Events.OnTenantResolveCompleted = TenantAddressing.OnTenantResolveCompleted;
            })
            .WithHostStrategy($"__tenant__.{root.Domain}")
            .WithBasePathStrategy(options => options.RebaseAspNetCorePathBase = true)
            .WithStore(ServiceLifetime.Singleton, sp => sp.GetRequiredService<CachingMultiTenantStore<OrganizationTenantInfo>>());

        services.AddSingleton(root);
        services.AddMemoryCache();
        services.AddSingleton<TStore>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CachingMultiTenantStore<OrganizationTenantInfo>>(sp,
            (IMultiTenantStore<OrganizationTenantInfo>)sp.GetRequiredService<TStore>()));
        services.AddSingleton<ITenantCache>(sp => sp.GetRequiredService<CachingMultiTenantStore<OrganizationTenantInfo>>());
        services.AddSingleton(sp => new TenantLinks(root, sp.GetRequiredService<IOptions<TenancyOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, TenantScopeMatcherPolicy>());
        services.Configure<RazorPagesOptions>(o => o.Conventions.Add(new TenantPageRouteConvention("Org", "Errors")));
        return services;
    }

    /// <summary><see cref="TenantAddressing"/>'s policy in front of resolution: hosts, mode, path-mode base.</summary>
    public static IApplicationBuilder UseTenantAddressing(this IApplicationBuilder app) => app.UseMiddleware<TenantAddressing>();

    /// <summary>404 for a request that names an organization which did not resolve (<see cref="TenantAddressing.NotFoundUnlessResolved"/>).</summary>
    public static IApplicationBuilder UseNotFoundUnlessResolved(this IApplicationBuilder app) => app.Use(TenantAddressing.NotFoundUnlessResolved);
}
