using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Proxies;

/// <summary>With no proxy configured (the default) forwarded headers are read from nobody, loopback included.</summary>
public sealed class ForwardedHeadersUnconfiguredShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.5")]
    public async Task IgnoreForwardedHostAndSchemeFromAnyAddress(string from)
    {
        using var client = app.ClientFrom(IPAddress.Parse(from), "localhost");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-Host", "acme.localhost");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>TenantSite</h1>", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
