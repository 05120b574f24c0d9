using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using TenantSite.Auth;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// <c>Oidc:BackchannelConnectTo</c>, the docker-compose arrangement, against the real dev-idp: its issuer
/// <c>http://idp.invalid</c> is a name only the browser can reach (here, by its own mapping to the provider's address,
/// as a published port on the host); the app reaches the provider only through the setting.
/// </summary>
public sealed class BackchannelConnectToShould(BackchannelConnectToShould.Factory app) : IClassFixture<BackchannelConnectToShould.Factory>
{
    private const string Issuer = "http://idp.invalid";

    [Fact]
    public async Task SignInWhenOnlyTheBrowserCanResolveTheIssuer()
    {
        using var browser = new Infrastructure.Browser(app.Server.CreateHandler(), Issuer, ConnectingTo(app.Idp.Address));

        var loginPage = await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/"));
        Assert.StartsWith(Issuer + "/interaction/", loginPage.RequestMessage!.RequestUri!.AbsoluteUri);
        var dashboard = await browser.LogInAtProviderAsync(loginPage, "alice");

        // Discovery, the token, the signing keys and userinfo all went over the back channel to the provider.
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("http://acme.localhost/", dashboard.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains("Website relaunch", await dashboard.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task KeepTheIssuersUrlsAndHostWhileConnectingElsewhere()
    {
        using var http = new HttpClient(BackchannelConnectTo.Handler(Issuer, $"127.0.0.1:{app.Idp.Address.Port}"));

        var discovery = await http.GetFromJsonAsync<JsonElement>(Issuer + "/.well-known/openid-configuration",
            TestContext.Current.CancellationToken);

        // The provider saw the issuer's Host, so it names endpoints the browser can reach.
        Assert.Equal(Issuer, discovery.GetProperty("issuer").GetString());
        Assert.StartsWith(Issuer + "/", discovery.GetProperty("token_endpoint").GetString());
    }

    [Fact]
    public async Task LeaveOtherHostsAlone()
    {
        using var http = new HttpClient(BackchannelConnectTo.Handler(Issuer, $"127.0.0.1:{app.Idp.Address.Port}"));

        // Another host, and the issuer's host on another port, are looked up as usual (and .invalid never resolves).
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://other.invalid/", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("http://idp.invalid:81/", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("dev-idp:5556", "dev-idp", 5556)]
    [InlineData("10.0.0.7:80", "10.0.0.7", 80)]
    [InlineData("[::1]:5556", "::1", 5556)]
    public void ReadHostAndPort(string value, string host, int port)
    {
        var endpoint = BackchannelConnectTo.Parse(value);

        Assert.Equal((host, port), (endpoint.Host, endpoint.Port));
    }

    [Theory]
    [InlineData("dev-idp")]
    [InlineData("http://dev-idp:5556")]
    [InlineData(":5556")]
    [InlineData("dev-idp:0")]
    [InlineData("dev-idp:port")]
    public void RefuseAnythingButHostAndPort(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => BackchannelConnectTo.Parse(value));

        Assert.Contains("Oidc:BackchannelConnectTo must be host:port", error.Message);
    }

    /// <summary>The browser's side: connections to the issuer's host go to where the provider listens.</summary>
    private static SocketsHttpHandler ConnectingTo(Uri provider) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(context.DnsEndPoint.Host == new Uri(Issuer).Host ? new DnsEndPoint(provider.Host, provider.Port) : context.DnsEndPoint,
                cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    /// <summary>The app with its own dev-idp whose issuer is <see cref="Issuer"/>, reached through the setting.</summary>
    public sealed class Factory(PostgresServer postgres)
        : OwnIdpAppFactory(postgres, new Dictionary<string, string> { ["DEV_IDP_ISSUER"] = Issuer },
            new AppSettings(app => [KeyValuePair.Create("Oidc:BackchannelConnectTo", (string?)$"{app.Idp.Address.Host}:{app.Idp.Address.Port}")]));
}
