using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Tenancy;

public sealed class HostStrategyShould
{
    private static StrategyResult Resolve(string host, string root = "localhost")
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        return new HostStrategy(new RootDomain(root)).GetIdentifier(context);
    }

    [Theory]
    [InlineData("acme.localhost", "acme")]
    [InlineData("ACME.LocalHost", "acme")]
    [InlineData("acme.localhost:5000", "acme")]
    [InlineData("acme.localhost.", "acme")]
    [InlineData("my-org-2.app.example:443", "my-org-2", "app.example")]
    public void ReturnExpectedIdentifier(string host, string expected, string root = "localhost") =>
        Assert.Equal(StrategyResult.Found(expected), Resolve(host, root));

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5000")]
    [InlineData("evil.example")]
    [InlineData("acmelocalhost")]
    [InlineData("127.0.0.1")]
    public void NotApplyOutsideTenantSubdomains(string host) => Assert.Equal(StrategyResult.None, Resolve(host));

    [Theory]
    [InlineData("a.b.localhost")]
    [InlineData("-acme.localhost")]
    [InlineData("acme-.localhost")]
    [InlineData("ab.localhost")]
    [InlineData("www.localhost")]
    [InlineData("api.localhost")]
    [InlineData("acme_corp.localhost")]
    public void RejectMalformedOrReservedSubdomains(string host) => Assert.Equal(StrategyResult.Invalid, Resolve(host));
}
