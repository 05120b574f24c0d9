using System.Net;
using System.Net.Sockets;

namespace TenantSite.RateLimits;

/// <summary>
/// Which bucket a client address counts in. Behind a reverse proxy every request comes from the proxy, so forwarded
/// headers must be configured first, or all clients share one bucket.
/// </summary>
public static class ClientAddress
{
    /// <summary>
    /// IPv4 as it is (also when it arrives mapped into IPv6). IPv6 by its /64 prefix: that is the smallest block a
    /// provider gives one customer, who could otherwise take a fresh address for every request.
    /// </summary>
    public static IPAddress PartitionKey(IPAddress? address)
    {
        // No address (an in-process host, a Unix socket): those clients share one bucket.
        if (address is null) return IPAddress.None;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
