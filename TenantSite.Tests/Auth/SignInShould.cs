using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The full sign-in round trip against the real development provider, headless over HTTP. The provider knows the root
/// domain's URIs only (as Google and Entra ID would): every sign-in meets it there, and comes back to the host it
/// started on through a one-time handoff (no cookie spans localhost and its subdomains).
/// </summary>
public sealed class SignInShould(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInThroughTheRootDomainAndLandOnTheSubdomainPageItStartedFrom()
    {
        using var browser = app.NewBrowser();

        // Anonymous visit → this host's /signin → the root's /signin → the provider's login page.
        var loginPage = await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/members"));
        Assert.StartsWith(app.Idp.Issuer + "/interaction/", loginPage.RequestMessage!.RequestUri!.AbsoluteUri);

        var members = await browser.LogInAtProviderAsync(loginPage, "alice");
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        Assert.Equal("http://acme.localhost/members", members.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains("Bob Brown", await members.Content.ReadAsStringAsync(Ct));
        Assert.Contains(browser.Visited, u => u.AbsoluteUri.StartsWith("http://localhost/signin-oidc", StringComparison.Ordinal));
        Assert.Contains(browser.Visited, u => u.AbsoluteUri.StartsWith("http://acme.localhost/signin/handoff?code=", StringComparison.Ordinal));
        Assert.DoesNotContain(browser.Visited, u => u.Host != "localhost" && u.AbsolutePath == "/signin-oidc");
    }

    [Fact]
    public async Task SignInInPathModeAndLandOnThePageItStartedFrom()
    {
        using var browser = app.NewBrowser();

        var page = await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://localhost/org/acme/members")), "alice");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("http://localhost/org/acme/members", page.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains("Bob Brown", await page.Content.ReadAsStringAsync(Ct));
        // The root's own cookie serves path mode: nothing to hand over.
        Assert.DoesNotContain(browser.Visited, u => u.AbsolutePath == "/signin/handoff");
    }

    [Fact]
    public async Task HandAnotherHostTheSessionWithoutAskingTheProviderAgain()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://localhost/org/acme")), "bob");

        browser.Visited.Clear();
        var globex = await browser.FollowAsync(await browser.GetAsync("http://globex.localhost/"));

        Assert.Equal(HttpStatusCode.OK, globex.StatusCode);
        Assert.Equal("http://globex.localhost/", globex.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains("Hammock district", await globex.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(browser.Visited, u => u.AbsoluteUri.StartsWith(app.Idp.Issuer, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignOutThroughTheProviderAndEndTheSessionOnEveryHost()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "bob");
        Assert.Equal(HttpStatusCode.OK, (await browser.FollowAsync(await browser.GetAsync("http://globex.localhost/"))).StatusCode);
        var copied = new[] { "http://localhost/account/sessions", "http://acme.localhost/", "http://globex.localhost/" }
            .ToDictionary(u => u, u => browser.Cookies.GetCookieHeader(new Uri(u)));

        var page = await browser.GetAsync("http://acme.localhost/");
        var token = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(Ct))
            .QuerySelector("form[action='/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var confirm = await browser.FollowAsync(await browser.PostFormAsync("http://acme.localhost/signout",
            [new("__RequestVerificationToken", token)]));
        var signedOut = await browser.ConfirmAtProviderAsync(confirm, [new("logout", "yes")]);

        Assert.Contains(browser.Visited, u => u.AbsoluteUri.StartsWith(app.Idp.Issuer + "/session/end", StringComparison.Ordinal));
        Assert.Contains(browser.Visited, u => u.AbsoluteUri == "http://localhost/signout-callback-oidc" ||
                                              u.AbsoluteUri.StartsWith("http://localhost/signout-callback-oidc?", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        // Every host's cookie, copied before the sign-out, is refused now: each page asks to sign in.
        foreach (var (url, cookie) in copied)
        {
            Assert.NotEmpty(cookie);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", cookie);
            using var response = await new HttpClient(app.Server.CreateHandler()).SendAsync(request, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/signin?"),
                $"{url}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }
}
