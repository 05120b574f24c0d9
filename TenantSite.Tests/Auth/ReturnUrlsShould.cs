using TenantSite.Auth;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Auth;

[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class ReturnUrlsShould
{
    private static readonly ReturnUrls Urls = new(new RootDomain("app.example"));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/org/acme/projects?x=1", "/org/acme/projects?x=1")]
    [InlineData("https://app.example/", "https://app.example/")]
    [InlineData("https://acme.app.example/projects", "https://acme.app.example/projects")]
    [InlineData("http://ACME.app.example:8080/x", "http://acme.app.example:8080/x")]
    public void KeepLocalPathsAndUrlsOnTheRootDomainOrItsSubdomains(string url, string expected) =>
        Assert.Equal(expected, Urls.Sanitize(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://app.example.evil.example/")]
    [InlineData("https://evilapp.example/")]
    [InlineData("https://app.example@evil.example/")]
    [InlineData("https://user:pw@acme.app.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("/\t/evil.example")]
    public void FallBackToTheHomePageForAnythingElse(string? url) => Assert.Equal("/", Urls.Sanitize(url));

    [Theory]
    [InlineData("app.example", "app.example")]
    [InlineData("localhost", null)]
    public void ShareTheSessionCookieAcrossSubdomainsOnlyWhereBrowsersAllowIt(string root, string? expected) =>
        Assert.Equal(expected, AuthExtensions.SharedCookieDomain(root));
}
