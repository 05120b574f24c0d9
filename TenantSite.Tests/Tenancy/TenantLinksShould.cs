using Microsoft.AspNetCore.Http;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Tenancy;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class TenantLinksShould
{
    private static readonly TenantLinks Links = new(new RootDomain("localhost"), new TenancyOptions());

    // A path-mode request keeps its host; the tenancy middleware has moved /org/{slug} into PathBase.
    private static HttpContext Request(string host, string pathBase = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString(host);
        context.Request.PathBase = pathBase;
        return context;
    }

    [Theory]
    [InlineData("acme.localhost:5000", "", TenancyMode.Host)]
    [InlineData("localhost:5000", "/org/acme", TenancyMode.Path)]
    [InlineData("localhost:5000", "", TenancyMode.Path)]
    [InlineData("unknown-org.localhost", "", TenancyMode.Host)]
    public void TellTheModeFromTheHostAlone(string host, string pathBase, TenancyMode expected) =>
        Assert.Equal(expected, Links.ModeOf(Request(host, pathBase)));

    [Theory]
    [InlineData("acme.localhost:5000", "", "http://globex.localhost:5000/")]
    [InlineData("localhost:5000", "/org/acme", "/org/globex")]
    [InlineData("localhost:5000", "", "/org/globex")]
    public void LinkAnotherTenantInTheRequestsMode(string host, string pathBase, string expected) =>
        Assert.Equal(expected, Links.ForTenant(Request(host, pathBase), "globex"));

    [Theory]
    [InlineData("localhost:5000", TenancyMode.Host, "http://new-org.localhost:5000/settings")]
    [InlineData("localhost:5000", TenancyMode.Path, "/org/new-org/settings")]
    [InlineData("acme.localhost:5000", TenancyMode.Path, "http://localhost:5000/org/new-org/settings")]
    [InlineData("acme.localhost:5000", TenancyMode.Host, "http://new-org.localhost:5000/settings")]
    public void LinkATenantInAModeTheCallerChose(string host, TenancyMode mode, string expected) =>
        Assert.Equal(expected, Links.ForTenant(Request(host), "new-org", mode, "settings"));

    [Theory]
    [InlineData("acme.localhost:5000", "http://localhost:5000/onboarding")]
    [InlineData("localhost:5000", "/onboarding")]
    public void LinkTheRootDomainFromEitherMode(string host, string expected) =>
        Assert.Equal(expected, Links.ForRoot(Request(host), "/onboarding"));
}
