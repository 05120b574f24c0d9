using Microsoft.Extensions.Options;
using TenantSite.Tenancy.MultiTenant.Abstractions;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Options;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

namespace TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

/// <summary>The ASP.NET Core strategies.</summary>
public static class MultiTenantBuilderExtensions
{
    /// <summary>The host strategy with the template <c>__tenant__.*</c>: the first label of the host.</summary>
    public static MultiTenantBuilder<TTenantInfo> WithHostStrategy<TTenantInfo>(this MultiTenantBuilder<TTenantInfo> builder)
        where TTenantInfo : ITenantInfo =>
        builder.WithHostStrategy(HostStrategy.DefaultTemplate);

    /// <summary>The host strategy with <paramref name="template"/> (see <see cref="HostStrategy"/>).</summary>
    public static MultiTenantBuilder<TTenantInfo> WithHostStrategy<TTenantInfo>(this MultiTenantBuilder<TTenantInfo> builder,
        string template)
        where TTenantInfo : ITenantInfo
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        return builder.WithStrategy<HostStrategy>(ServiceLifetime.Singleton, template);
    }

    /// <summary>The base path strategy, moving the tenant's segment into <c>Request.PathBase</c>.</summary>
    public static MultiTenantBuilder<TTenantInfo> WithBasePathStrategy<TTenantInfo>(this MultiTenantBuilder<TTenantInfo> builder)
        where TTenantInfo : ITenantInfo =>
        builder.WithBasePathStrategy(o => o.RebaseAspNetCorePathBase = true);

    /// <summary>
    /// The base path strategy. With <see cref="BasePathStrategyOptions.RebaseAspNetCorePathBase"/>, a tenant it found
    /// moves its segment from <c>Request.Path</c> into <c>Request.PathBase</c> before anything else handles
    /// <c>OnTenantResolveCompleted</c>, so routes and generated links work below the tenant's base path.
    /// </summary>
    public static MultiTenantBuilder<TTenantInfo> WithBasePathStrategy<TTenantInfo>(this MultiTenantBuilder<TTenantInfo> builder,
        Action<BasePathStrategyOptions> configureOptions)
        where TTenantInfo : ITenantInfo
    {
        builder.Services.Configure(configureOptions);
        builder.Services.Configure<MultiTenantOptions<TTenantInfo>>(options =>
        {
            var then = options.Events.OnTenantResolveCompleted;
            options.Events.OnTenantResolveCompleted = async resolved =>
            {
                if (resolved.MultiTenantContext is { StrategyInfo.StrategyType: var type, TenantInfo: { } tenant } &&
                    type == typeof(BasePathStrategy) && resolved.Context is HttpContext http &&
                    http.RequestServices.GetRequiredService<IOptions<BasePathStrategyOptions>>().Value.RebaseAspNetCorePathBase)
                {
                    http.Request.Path.StartsWithSegments("/" + tenant.Identifier, out var matched, out var rest);
                    http.Request.PathBase = http.Request.PathBase.Add(matched);
                    http.Request.Path = rest;
                }
                await then(resolved);
            };
        });
        return builder.WithStrategy<BasePathStrategy>(ServiceLifetime.Singleton);
    }
}
