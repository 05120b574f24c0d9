using System.Net;
using System.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Proxies;

/// <summary>
/// X-Forwarded-Host, -Proto and -For from a configured proxy or network restore the client's host (the tenant), scheme
/// (the OpenID Connect redirect URI) and address (the sign-in limit's bucket); from any other address they change nothing.
/// </summary>
public sealed class ForwardedHeadersShould(ProxiedAppFactory app) : IClassFixture<ProxiedAppFactory>
{
    private static readonly IPAddress Outsider = IPAddress.Parse("203.0.113.9");

    public static TheoryData<string?, bool> Senders => new()
    {
        { ProxiedAppFactory.Proxy.ToString(), true },
        { ProxiedAppFactory.ProxyInNetwork.ToString(), true },
        { "203.0.113.9", false },
        { "127.0.0.1", false }, // the framework's default trusts loopback; here it is not configured
        { "::1", false },
        { "10.0.0.6", false }, // next to the proxy, not it
        { null, false }, // no address at all (a Unix socket): the framework would trust it, the app does not
    };

    // acme's dashboard asks an anonymous visitor to sign in; the root domain's landing page does not.
    [Theory]
    [MemberData(nameof(Senders))]
    public async Task ResolveTheTenantFromTheForwardedHostOnlyFromAConfiguredProxy(string? from, bool honoured)
    {
        using var response = await app.GetFromAsync(Address(from), "/", "localhost", ("X-Forwarded-Host", "acme.localhost"));

        if (honoured)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/signin?returnUrl=%2F", response.Headers.Location?.OriginalString);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<h1>TenantSite</h1>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    // Honoured, the forwarded https and tenant host are where the sign-in starts: it goes on to the root domain over
    // https, to come back to https://acme.localhost. Not honoured, the request is the root's own, over http, and goes
    // straight to the provider.
    [Theory]
    [MemberData(nameof(Senders))]
    public async Task PutTheForwardedSchemeAndHostIntoTheSignInOnlyFromAConfiguredProxy(string? from, bool honoured)
    {
        using var response = await app.GetFromAsync(Address(from), "/signin?returnUrl=%2F", "localhost",
            ("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "acme.localhost"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        if (honoured)
        {
            Assert.StartsWith("https://localhost/signin?", location.AbsoluteUri);
            Assert.Equal("https://acme.localhost/", HttpUtility.ParseQueryString(location.Query)["returnUrl"]);
        }
        else
        {
            Assert.StartsWith(app.Idp.Issuer + "/auth?", location.AbsoluteUri);
        }
        Assert.Equal(honoured, response.Headers.Contains("Strict-Transport-Security"));
    }

    // Tenancy checks the forwarded host like any Host: outside the root domain the answer is 400, not a default tenant.
    // A value that is no host name at all is not applied (the request keeps its own Host) and shows nowhere.
    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("acme.localhost.evil.example", HttpStatusCode.BadRequest)]
    [InlineData("<script>", HttpStatusCode.OK)]
    [InlineData("acme.localhost/x", HttpStatusCode.OK)]
    public async Task RefuseAForwardedHostOutsideTheRootDomainFromAConfiguredProxy(string forwardedHost, HttpStatusCode status)
    {
        using var response = await app.GetFromAsync(ProxiedAppFactory.Proxy, "/", "localhost", ("X-Forwarded-Host", forwardedHost));

        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} for {forwardedHost}");
        if (status == HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("<h1>TenantSite</h1>", body);
            Assert.DoesNotContain(forwardedHost, body);
        }
    }

    // Behind the proxy every connection comes from it: only its X-Forwarded-For tells clients apart.
    [Fact]
    public async Task CountSignInsPerForwardedClientFromAConfiguredProxy()
    {
        var first = await SignInStartsAsync(ProxiedAppFactory.ProxyInNetwork, "198.51.100.1", ProxiedAppFactory.SignInsPerMinute + 1);
        var second = await SignInStartsAsync(ProxiedAppFactory.ProxyInNetwork, "198.51.100.2", 1);

        Assert.Equal(HttpStatusCode.TooManyRequests, first[^1]);
        Assert.All(first[..^1], status => Assert.Equal(HttpStatusCode.Redirect, status));
        Assert.Equal([HttpStatusCode.Redirect], second);
    }

    [Fact]
    public async Task CountSignInsPerConnectionWhenForwardedForComesFromAnyoneElse()
    {
        var outsider = IPAddress.Parse("203.0.113.77");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ProxiedAppFactory.SignInsPerMinute; i++)
            statuses.AddRange(await SignInStartsAsync(outsider, $"198.51.100.{10 + i}", 1));

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Theory]
    [InlineData("KnownProxies", "10.0.0.300", "ForwardedHeaders:KnownProxies:0 (\"10.0.0.300\") is not an IP address.")]
    [InlineData("KnownNetworks", "10.0.0.0", "ForwardedHeaders:KnownNetworks:0 (\"10.0.0.0\") is not a network in CIDR notation")]
    [InlineData("KnownNetworks", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks:0 (\"10.0.0.0/33\") is not a network in CIDR notation")]
    public void RefuseToStartWithAProxyAddressThatIsNotOne(string key, string value, string message)
    {
        using var misconfigured = new MisconfiguredFactory(app, key, value);

        var error = Assert.Throws<InvalidOperationException>(() => misconfigured.CreateClient());
        Assert.Contains(message, error.Message);
    }

    private async Task<HttpStatusCode[]> SignInStartsAsync(IPAddress from, string client, int count)
    {
        var statuses = new HttpStatusCode[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await app.GetFromAsync(from, "/signin?returnUrl=%2F", "localhost", ("X-Forwarded-For", client));
            statuses[i] = response.StatusCode;
        }
        return statuses;
    }

    private static IPAddress? Address(string? from) => from is null ? null : IPAddress.Parse(from);

    // The app with one malformed proxy setting.
    private sealed class MisconfiguredFactory(TenantSiteFactory app, string key, string value) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:TenantSite", app.Postgres.Runtime(app.Database));
            builder.UseSetting($"ForwardedHeaders:{key}:0", value);
        }
    }
}
