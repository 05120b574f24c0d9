using System.Net;
using Microsoft.AspNetCore.Http;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages;

/// <summary>How a request finds its tenant, over HTTP through the whole app.</summary>
public sealed class TenantResolutionShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:5000")]
    public async Task ServeTheLandingPageOnTheBareRootDomain(string host)
    {
        var response = await app.ClientFor(host).GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>TenantSite</h1>", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("nosuchorg.localhost", "/")]
    [InlineData("localhost", "/org/nosuchorg")]
    [InlineData("localhost", "/org/nosuchorg/projects")]
    [InlineData("acme.localhost", "/org/globex")] // path mode exists only on the root domain
    public async Task AnswerAnUnknownTenantWithA404Page(string host, string path)
    {
        var response = await app.ClientFor(host, app.Demo.Alice).GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("acme.evil.example")]
    [InlineData("127.0.0.1")]
    [InlineData("localhost.evil.example")]
    public async Task NeverFallBackToADefaultTenantOnAForeignHost(string host)
    {
        var response = await app.ClientFor(host, app.Demo.Alice).GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<title>Bad request · TenantSite</title>", System.Net.WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("Website relaunch", html);
    }

    // Kestrel lets such a Host through (its characters are valid); Request.Host throws while decoding the punycode.
    // Sent as a bare header: TestServer's HttpClient handler would read Request.Host itself and throw first.
    [Theory]
    [InlineData("xn--a.localhost")]
    [InlineData("xn--.localhost")]
    [InlineData("xn--ls8h-.localhost:5000")]
    public async Task AnswerAHostThatIsNotValidPunycodeWith400(string host)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Headers.Host = host;
            c.Request.Path = "/";
        }, Ct);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        var html = await new StreamReader(context.Response.Body).ReadToEndAsync(Ct);
        Assert.Contains("<title>Bad request · TenantSite</title>", System.Net.WebUtility.HtmlDecode(html));
    }

    [Theory]
    [InlineData("a.b.localhost", "/")]
    [InlineData("-acme.localhost", "/")]
    [InlineData("ab.localhost", "/")]
    [InlineData("www.localhost", "/")]
    [InlineData("xn--caf-dma.localhost", "/")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.localhost", "/")]
    [InlineData("localhost", "/org/-acme")]
    [InlineData("localhost", "/org/www")]
    [InlineData("localhost", "/org/acme%3Cscript%3E")]
    [InlineData("localhost", "/org/ac%2Fme")]
    [InlineData("localhost", "/org//acme")]
    [InlineData("localhost", "/org/%E2%98%83")]
    [InlineData("localhost", "/org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("localhost", "/org/acme'%20OR%201=1--")]
    public async Task AnswerMalformedHostsAndSlugsWithoutAServerError(string host, string path)
    {
        var response = await app.ClientFor(host, app.Demo.Alice).GetAsync(path, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{host}{path}: {response.StatusCode}");
    }

    [Theory]
    [InlineData("acme.localhost", "/", "/")]
    [InlineData("localhost", "/org/acme", "/org/acme/")]
    public async Task GenerateLinksThatKeepTheMode(string host, string path, string expectedHome)
    {
        var html = await (await app.ClientFor(host, app.Demo.Alice).GetAsync(path, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains($"class=\"brand\" href=\"{expectedHome}\"", html);
    }

    [Fact]
    public async Task AskAnonymousVisitorsOfATenantToSignIn()
    {
        var response = await app.ClientFor("acme.localhost").GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ResolveAWarmTenantWithoutARoundTripOfItsOwn()
    {
        var client = app.ClientFor("acme.localhost", app.Demo.Alice);
        await client.GetAsync("/", Ct); // warms the tenant cache, the membership cache and the connection pool

        using var counter = new CommandCounter(app.Database);
        var response = await client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The projects with task counts, and nothing to find the tenant or the membership.
        Assert.True(counter.Count == 1, string.Join("\n---\n", counter.Commands));
    }
}
