using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Tenancy;

public sealed class BasePathStrategyShould
{
    private static readonly BasePathStrategy Strategy = new(new RootDomain("localhost"), "org");

    private static DefaultHttpContext Request(string host, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        return context;
    }

    [Theory]
    [InlineData("/org/acme", "acme")]
    [InlineData("/org/acme/", "acme")]
    [InlineData("/org/acme/projects/1", "acme")]
    [InlineData("/ORG/Acme/projects", "acme")]
    public void ReturnExpectedIdentifier(string path, string expected) =>
        Assert.Equal(StrategyResult.Found(expected), Strategy.GetIdentifier(Request("localhost:5000", path)));

    [Theory]
    [InlineData("localhost", "/")]
    [InlineData("localhost", "/org")]
    [InlineData("localhost", "/organizations/acme")]
    [InlineData("acme.localhost", "/org/globex")]
    public void ApplyOnlyToTheOrgPrefixOnTheRootDomain(string host, string path) =>
        Assert.Equal(StrategyResult.None, Strategy.GetIdentifier(Request(host, path)));

    [Theory]
    [InlineData("/org/-acme")]
    [InlineData("/org/ab")]
    [InlineData("/org/admin/projects")]
    [InlineData("/org/acme%2Fx")]
    public void RejectMalformedOrReservedSlugs(string path) =>
        Assert.Equal(StrategyResult.Invalid, Strategy.GetIdentifier(Request("localhost", path)));

    [Theory]
    [InlineData("/org/acme", "/org/acme", "/")]
    [InlineData("/org/ACME/projects/7", "/org/acme", "/projects/7")]
    public void MoveTheTenantSegmentIntoPathBase(string path, string expectedBase, string expectedPath)
    {
        var context = Request("localhost", path);
        Strategy.OnResolved(context, new OrganizationTenantInfo(Guid.NewGuid(), "acme", "Acme"));
        Assert.Equal(expectedBase, context.Request.PathBase.Value);
        Assert.Equal(expectedPath, context.Request.Path.Value);
    }
}
