using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace TenantSite.Proxies;

/// <summary>
/// Behind a reverse proxy the connection comes from the proxy, over http, to an internal name. The proxy's
/// <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> restore the client's address (rate limits count per client),
/// the scheme (the OpenID Connect redirect URI says https, cookies are Secure) and the host (tenancy resolves the
/// organization from it). Only from the configured proxies: from anyone else those headers would be spoofing.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public static IServiceCollection AddForwardedHeadersFromProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ProxyOptions>(configuration.GetSection(ProxyOptions.Section));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, options) =>
        {
            var proxies = options.Value;
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // The framework trusts loopback by default; here only what is configured counts.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxies.ParseProxies()) o.KnownProxies.Add(address);
            foreach (var network in proxies.ParseNetworks()) o.KnownIPNetworks.Add(network);
            o.ForwardLimit = proxies.ForwardLimit;
            // The forwarded host then meets Tenancy's check like any Host: outside the root domain it is answered 400.
        });
        return services;
    }

    /// <summary>
    /// Applies forwarded headers from the configured proxies. Nothing when none is configured, and
    /// nothing for a connection without an address (a Unix socket, an in-process host), which the framework would trust.
    /// </summary>
    public static IApplicationBuilder UseForwardedHeadersFromProxies(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (!proxies.Any) return app;
        // Resolved now, so that a malformed address or network stops the start rather than the first request.
        _ = app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        return app.UseWhen(context => context.Connection.RemoteIpAddress is not null, proxied => proxied.UseForwardedHeaders());
    }
}
