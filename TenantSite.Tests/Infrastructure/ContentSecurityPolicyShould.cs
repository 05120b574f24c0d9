using Microsoft.AspNetCore.Http;
using TenantSite.Infrastructure;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The policy itself: what it forbids, and where forms (and the redirects after them) may go.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class ContentSecurityPolicyShould
{
    private static IReadOnlyDictionary<string, string> PolicyFor(string url, string rootDomain = "app.example", string? authority = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Oidc:Authority"] = authority })
            .Build();
        var uri = new Uri(url);
        var context = new DefaultHttpContext();
        context.Request.Scheme = uri.Scheme;
        context.Request.Host = new HostString(uri.IsDefaultPort ? uri.Host : uri.Authority); // as browsers send it
        return PolicyDirectives.Parse(new ContentSecurityPolicy(new RootDomain(rootDomain), configuration).For(context.Request));
    }

    [Fact]
    public void AllowScriptsAndStylesFromTheSiteOnlyNeverInlineOrEval()
    {
        var policy = PolicyFor("https://acme.app.example/");

        Assert.Equal("'self'", policy["default-src"]);
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'self'", policy["style-src"]);
        Assert.DoesNotContain(policy.Values, sources => sources.Contains("unsafe", StringComparison.Ordinal));
    }

    [Fact]
    public void ForbidFramingPluginsAndAnotherBaseUrl()
    {
        var policy = PolicyFor("https://app.example/");

        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'none'", policy["object-src"]);
        Assert.Equal("'self'", policy["base-uri"]);
    }

    [Theory]
    [InlineData("https://acme.app.example/settings", "'self' https://app.example https://*.app.example")]
    [InlineData("http://localhost:5000/org/acme", "'self' http://localhost:5000 http://*.localhost:5000")]
    [InlineData("http://acme.localhost:41234/", "'self' http://localhost:41234 http://*.localhost:41234")]
    public void LetFormsLeadToTheRootDomainAndEveryTenantHostWithTheRequestsSchemeAndPort(string url, string formAction)
    {
        var rootDomain = new Uri(url).Host.EndsWith("localhost", StringComparison.Ordinal) ? "localhost" : "app.example";

        Assert.Equal(formAction, PolicyFor(url, rootDomain)["form-action"]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5556", "http://127.0.0.1:5556")]
    [InlineData("https://login.microsoftonline.com/7f3c/v2.0", "https://login.microsoftonline.com")]
    [InlineData("https://keycloak.example:8443/realms/acme", "https://keycloak.example:8443")]
    public void LetFormsLeadToTheProvidersOriginForSignOut(string authority, string origin)
    {
        var formAction = PolicyFor("https://app.example/", authority: authority)["form-action"];

        Assert.Equal($"'self' https://app.example https://*.app.example {origin}", formAction);
    }
}
