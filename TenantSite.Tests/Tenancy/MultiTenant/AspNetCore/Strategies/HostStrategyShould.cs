using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

namespace TenantSite.Tests.Tenancy.MultiTenant.AspNetCore.Strategies;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class HostStrategyShould
{
    private static Task<string?> Identify(string template, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        return new HostStrategy(template).GetIdentifierAsync(context);
    }

    [Theory]
    [InlineData("__tenant__.localhost", "acme.localhost", "acme")]
    [InlineData("__tenant__.localhost", "acme.localhost:5000", "acme")]
    [InlineData("__tenant__.localhost", "ACME.LocalHost", "ACME")] // the case is the policy's to fold
    [InlineData("__tenant__.localhost", "acme.localhost.", "acme")]
    [InlineData("__tenant__.app.example", "my-org-2.app.example:443", "my-org-2")]
    [InlineData("__tenant__.*", "acme.app.example", "acme")]
    [InlineData("__tenant__.*", "localhost", "localhost")]
    [InlineData("?.__tenant__.example", "www.acme.example", "acme")]
    [InlineData("*.__tenant__.example", "a.b.acme.example", "acme")]
    [InlineData("__tenant__", "acme.example", "acme.example")]
    public async Task FindTheIdentifierWhereTheTemplateSaysItIs(string template, string host, string expected) =>
        Assert.Equal(expected, await Identify(template, host));

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:5000")]
    [InlineData("evil.example")]
    [InlineData("acmelocalhost")]
    [InlineData("127.0.0.1")]
    [InlineData("a.b.localhost")]
    [InlineData("acme.localhost.evil.example")]
    public async Task FindNothingInAHostTheTemplateDoesNotMatch(string host) =>
        Assert.Null(await Identify("__tenant__.localhost", host));

    [Fact]
    public async Task FindNothingOutsideAnHttpRequest() =>
        Assert.Null(await new HostStrategy(HostStrategy.DefaultTemplate).GetIdentifierAsync(new object()));

    [Theory]
    [InlineData("localhost")]
    [InlineData("__tenant__.__tenant__.example")]
    [InlineData("*.__tenant__.*")]
    [InlineData("__tenant__..example")]
    public void RefuseATemplateWithoutExactlyOneTenantOrWithTwoWildcards(string template) =>
        Assert.Throws<ArgumentException>(() => new HostStrategy(template));
}
