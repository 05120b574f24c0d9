using System.Net;
using System.Net.Sockets;

namespace TenantSite.Auth;

/// <summary>
/// <c>Oidc:BackchannelConnectTo</c> (<c>host:port</c>): where the app opens its own connections to the provider when
/// the issuer's host is the browser's name for it but not the app's. In docker-compose.yml the browser reaches the
/// issuer <c>http://127.0.0.1:5556</c> on a port published on the host, while the app reaches the same provider as
/// <c>dev-idp:5556</c> on the compose network. Only the TCP connection goes elsewhere (like curl's <c>--connect-to</c>):
/// URLs, the <c>Host</c> header, TLS names and the issuer check stay the provider's, so its discovery document names
/// the endpoints the browser can reach.
/// </summary>
internal static class BackchannelConnectTo
{
    /// <summary>The handler under the back channel: plain, or connecting to <paramref name="connectTo"/> for the issuer's host.</summary>
    public static HttpMessageHandler Handler(string? authority, string? connectTo)
    {
        if (string.IsNullOrWhiteSpace(connectTo)) return new HttpClientHandler();
        var target = Parse(connectTo);
        var issuer = new Uri(authority ?? throw new InvalidOperationException("Oidc:BackchannelConnectTo needs Oidc:Authority."));
        return new SocketsHttpHandler
        {
            // A proxy would receive the connection instead, and the point is to reach a neighbour directly.
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var endpoint = IsIssuer(context.DnsEndPoint, issuer) ? target : context.DnsEndPoint;
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>Reads <c>host:port</c> (an IPv6 address in brackets); anything else stops the start with a message.</summary>
    public static DnsEndPoint Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        var host = colon > 0 ? value[..colon].Trim('[', ']') : "";
        if (host.Length == 0 || host.Contains('/') || !int.TryParse(value[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw new InvalidOperationException($"Oidc:BackchannelConnectTo must be host:port (e.g. dev-idp:5556), not '{value}'.");
        return new DnsEndPoint(host, port);
    }

    private static bool IsIssuer(DnsEndPoint endpoint, Uri issuer) =>
        endpoint.Port == issuer.Port && string.Equals(endpoint.Host, issuer.IdnHost, StringComparison.OrdinalIgnoreCase);
}
