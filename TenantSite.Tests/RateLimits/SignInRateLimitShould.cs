using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.RateLimits;

/// <summary>
/// Sign-in starts and the provider's callbacks, per client address. Each test floods from its own address, so the
/// tests share the app without sharing a bucket.
/// </summary>
public sealed class SignInRateLimitShould(SignInLimitedApp app) : IClassFixture<SignInLimitedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswerSignInStartsBeyondTheLimitWith429WhileAnotherAddressSignsIn()
    {
        var flooder = app.ClientFrom(IPAddress.Parse("198.51.100.1"), "localhost");
        // Every host's /signin and handoff count in the one bucket of the address, also under the path-mode base, in
        // capitals and with the trailing slash that routing accepts.
        string[] starts = ["http://localhost/signin", "http://acme.localhost/SignIn", "http://globex.localhost/signin/", "http://localhost/org/acme/signin",
            "http://acme.localhost/signin/handoff?code=x", "http://globex.localhost/SIGNIN/HANDOFF/", "http://localhost/signin/handoff"];
        foreach (var start in starts.Take(SignInLimitedApp.Limit))
        {
            var response = await flooder.GetAsync(start, Ct);
            Assert.True(response.StatusCode != HttpStatusCode.TooManyRequests, $"{start}: 429 before the limit");
        }

        var rejected = await flooder.GetAsync("/signin?returnUrl=%2F", Ct);
        var seconds = TooManyRequestsAssert.Rejected(rejected, SignInLimitedApp.Limit);
        var page = new HtmlParser().ParseDocument(await rejected.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Too many requests", page.QuerySelector("h1")?.TextContent);
        Assert.Contains(TooManyRequestsAssert.Message(seconds), page.QuerySelector("main")!.TextContent);

        // A whole interactive sign-in from a tenant host (see SignInLimitedApp.Limit) from another address goes through.
        using var browser = app.NewBrowser(IPAddress.Parse("198.51.100.2"));
        var login = await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/"));
        var dashboard = await browser.LogInAtProviderAsync(login, "alice");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("http://acme.localhost/", dashboard.RequestMessage!.RequestUri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("203.0.113.1", "GET", "/signin-oidc?code=forged&state=forged")]
    [InlineData("203.0.113.2", "POST", "/signin-oidc")] // response_mode=form_post
    [InlineData("203.0.113.3", "GET", "/signout-callback-oidc?state=forged")]
    [InlineData("2001:db8:1:2::1", "GET", "/signin-oidc?code=forged&state=forged")]
    public async Task AnswerCallbacksBeyondTheLimitWith429BeforeTheHandlerSeesThem(string address, string method, string callback)
    {
        var client = app.ClientFrom(IPAddress.Parse(address), "localhost");
        for (var i = 0; i < SignInLimitedApp.Limit; i++)
        {
            // The OpenID Connect handler answers a forged callback itself, with a redirect (to /signin/error or home).
            var answered = await client.SendAsync(Callback(method, callback), Ct);
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        TooManyRequestsAssert.Rejected(await client.SendAsync(Callback(method, callback), Ct), SignInLimitedApp.Limit);
    }

    [Fact]
    public async Task CountAnIPv6ClientByItsSlash64()
    {
        // Another address in the same /64 is the same client; one in the next /64 is not.
        for (var i = 1; i <= SignInLimitedApp.Limit; i++)
        {
            var response = await app.ClientFrom(IPAddress.Parse($"2001:db8:5:6::{i:x}"), "localhost").GetAsync("/signin", Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var sameNetwork = await app.ClientFrom(IPAddress.Parse("2001:db8:5:6:ffff::1"), "localhost").GetAsync("/signin", Ct);
        TooManyRequestsAssert.Rejected(sameNetwork, SignInLimitedApp.Limit);
        var nextNetwork = await app.ClientFrom(IPAddress.Parse("2001:db8:5:7::1"), "localhost").GetAsync("/signin", Ct);
        Assert.Equal(HttpStatusCode.Redirect, nextNetwork.StatusCode);
    }

    private static HttpRequestMessage Callback(string method, string callback) => new(new HttpMethod(method), callback)
    {
        Content = method == "POST" ? new FormUrlEncodedContent([new("code", "forged"), new("state", "forged")]) : null,
    };
}
