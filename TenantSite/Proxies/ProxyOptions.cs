using System.Net;

namespace TenantSite.Proxies;

/// <summary>
/// The reverse proxies (load balancers) whose forwarded headers the app believes: section <c>ForwardedHeaders</c>.
/// None by default, and then no forwarded header is read at all.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c> or <c>fd00::5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row (each one trusted) a request may come through. 1: one load balancer.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>True when at least one proxy or network is configured.</summary>
    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    /// <summary>The proxies as addresses; a value that is not one stops the start with a message naming it.</summary>
    public IEnumerable<IPAddress> ParseProxies() => KnownProxies.Select((value, i) => IPAddress.TryParse(value.Trim(), out var address)
        ? address
        : throw new InvalidOperationException($"{Section}:{nameof(KnownProxies)}:{i} (\"{value}\") is not an IP address."));

    /// <summary>The networks; a value that is not one (address/prefix length) stops the start with a message naming it.</summary>
    public IEnumerable<IPNetwork> ParseNetworks() => KnownNetworks.Select((value, i) => IPNetwork.TryParse(value.Trim(), out var network)
        ? network
        : throw new InvalidOperationException(
            $"{Section}:{nameof(KnownNetworks)}:{i} (\"{value}\") is not a network in CIDR notation such as 10.0.0.0/24."));
}
