using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Tools;

/// <summary>tools/dev-idp's listen address (<c>DEV_IDP_HOST</c>), started for real. Linux routes all of 127.0.0.0/8 to
/// the loopback interface, so 127.0.0.2 and 127.0.0.3 stand in for other interfaces.</summary>
public sealed class DevIdpShould(DevIdp shared)
{
    [Fact]
    public async Task ListenOnLoopbackOnlyByDefault()
    {
        await using var idp = await StartAsync([]);

        Assert.Equal("http://127.0.0.1:" + idp.Address.Port, idp.Issuer);
        Assert.True(await AcceptsAsync("127.0.0.1", idp.Address.Port));
        Assert.False(await AcceptsAsync("127.0.0.2", idp.Address.Port));
    }

    [Fact]
    public async Task ListenOnTheAddressItIsGivenAndNameItInTheIssuer()
    {
        await using var idp = await StartAsync(new() { ["DEV_IDP_HOST"] = "127.0.0.2" });

        Assert.Equal("http://127.0.0.2:" + idp.Address.Port, idp.Issuer);
        Assert.True(await AcceptsAsync("127.0.0.2", idp.Address.Port));
        Assert.False(await AcceptsAsync("127.0.0.1", idp.Address.Port));
        Assert.Equal(idp.Issuer, (await DiscoveryAsync(idp.Address, host: null)).GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task ListenOnEveryInterfaceWithTheUnspecifiedAddressAndNameLoopbackInTheIssuer()
    {
        await using var idp = await StartAsync(new() { ["DEV_IDP_HOST"] = "0.0.0.0" });

        Assert.Equal("http://0.0.0.0:" + idp.Address.Port, idp.Address.AbsoluteUri.TrimEnd('/'));
        var loopback = new Uri("http://127.0.0.1:" + idp.Address.Port);
        Assert.Equal(loopback.AbsoluteUri.TrimEnd('/'), (await DiscoveryAsync(loopback, host: null)).GetProperty("issuer").GetString());
        Assert.True(await AcceptsAsync("127.0.0.1", idp.Address.Port));
        Assert.True(await AcceptsAsync("127.0.0.3", idp.Address.Port));
    }

    [Fact]
    public async Task NameTheEndpointsOfTheHostAClientAsksForAsDockerComposeRelies()
    {
        // The compose arrangement: the provider listens everywhere with the browser's issuer; the app connects to it by
        // another address but sends the issuer's Host, and must then be sent to endpoints the browser can reach.
        await using var idp = await StartAsync(new() { ["DEV_IDP_HOST"] = "0.0.0.0", ["DEV_IDP_ISSUER"] = "http://idp.invalid:5556" });
        var byAnotherAddress = new Uri($"http://127.0.0.3:{idp.Address.Port}");

        var discovery = await DiscoveryAsync(byAnotherAddress, host: "idp.invalid:5556");

        Assert.Equal("http://idp.invalid:5556", discovery.GetProperty("issuer").GetString());
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint", "end_session_endpoint" })
            Assert.StartsWith("http://idp.invalid:5556/", discovery.GetProperty(endpoint).GetString());
    }

    // As at Google and Entra ID: the root domain's exact URI only; a tenant host's, another port or scheme get an error
    // page, never a redirect. The shared provider's client is registered for http://localhost.
    [Theory]
    [InlineData("http://localhost/signin-oidc", true)]
    [InlineData("http://acme.localhost/signin-oidc", false)]
    [InlineData("http://localhost:5000/signin-oidc", false)]
    [InlineData("https://localhost/signin-oidc", false)]
    [InlineData("http://localhost/signin-oidc/x", false)]
    public async Task AcceptOnlyTheRegisteredRedirectUri(string redirectUri, bool accepted)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var query = new Dictionary<string, string>
        {
            ["client_id"] = DevIdp.ClientId, ["response_type"] = "code", ["scope"] = "openid", ["redirect_uri"] = redirectUri,
            ["state"] = "s", ["nonce"] = "n", ["code_challenge"] = new string('a', 43), ["code_challenge_method"] = "S256",
        };

        using var response = await client.GetAsync($"{shared.Issuer}/auth?{await new FormUrlEncodedContent(query).ReadAsStringAsync(TestContext.Current.CancellationToken)}",
            TestContext.Current.CancellationToken);

        Assert.Equal(accepted ? HttpStatusCode.SeeOther : HttpStatusCode.BadRequest, response.StatusCode);
        if (!accepted) Assert.Null(response.Headers.Location);
    }

    private static async Task<DevIdp> StartAsync(Dictionary<string, string> environment)
    {
        var idp = new DevIdp(environment);
        try
        {
            await idp.InitializeAsync();
            return idp;
        }
        catch
        {
            await idp.DisposeAsync();
            throw;
        }
    }

    private static async Task<bool> AcceptsAsync(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Parse(address), port, TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
    }

    private static async Task<JsonElement> DiscoveryAsync(Uri address, string? host)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/.well-known/openid-configuration"));
        if (host is not null) request.Headers.Host = host;
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
