using System.Net;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app with its real sign-in behind a configured load balancer: the proxy <see cref="Proxy"/> and the network
/// <c>192.168.7.0/24</c>. Sign-in starts are limited to <see cref="SignInsPerMinute"/> per client address.
/// </summary>
public sealed class ProxiedAppFactory(PostgresServer postgres, DevIdp idp) : TenantSiteFactory(postgres, new ProviderSignIn(idp), new AppSettings(
    ("ForwardedHeaders:KnownProxies:0", Proxy.ToString()),
    ("ForwardedHeaders:KnownNetworks:0", "192.168.7.0/24"),
    ("RateLimits:SignInPerMinute", SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))))
{
    public const int SignInsPerMinute = 3;
    public static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");
    public static readonly IPAddress ProxyInNetwork = IPAddress.Parse("192.168.7.20");

    /// <summary>
    /// Sends GET <paramref name="pathAndQuery"/> from the client address <paramref name="from"/> (null: none, as
    /// TestServer has by default) with Host <paramref name="host"/> and these headers.
    /// </summary>
    public async Task<HttpResponseMessage> GetFromAsync(IPAddress? from, string pathAndQuery, string host = "localhost",
        params (string Name, string Value)[] headers)
    {
        using var client = new HttpClient(from is null ? Server.CreateHandler() : Server.CreateHandler(c => c.Connection.RemoteIpAddress = from))
        {
            BaseAddress = new Uri("http://localhost"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Host = host;
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
