using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>The full sign-in round trip against the real development provider, headless over HTTP.</summary>
public sealed class SignInShould(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    [Fact]
    public async Task SignInThroughTheProviderAndLandOnTheTenantDashboard()
    {
        using var browser = app.NewBrowser();

        // Anonymous visit → /signin → silent attempt (no provider session) → the provider's login page.
        var loginPage = await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/"));
        Assert.StartsWith(app.Idp.Issuer + "/interaction/", loginPage.RequestMessage!.RequestUri!.AbsoluteUri);

        var dashboard = await browser.LogInAtProviderAsync(loginPage, "alice");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("http://acme.localhost/", dashboard.RequestMessage!.RequestUri!.AbsoluteUri);
        var html = await dashboard.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Website relaunch", html);
        Assert.Contains("prompt=none", string.Join(" ", browser.Visited));
    }

    [Fact]
    public async Task GetASessionOnAnotherHostSilentlyOnceSignedInAtTheProvider()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://localhost/org/acme")), "bob");

        // No cookie can span localhost and globex.localhost: the provider's session signs this host in silently.
        browser.Visited.Clear();
        var globex = await browser.FollowAsync(await browser.GetAsync("http://globex.localhost/"));
        Assert.Equal(HttpStatusCode.OK, globex.StatusCode);
        Assert.Contains("Hammock district", await globex.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.DoesNotContain(browser.Visited, u => u.AbsolutePath.StartsWith("/interaction/"));
    }

    [Fact]
    public async Task SignOutThroughTheProviderAndEndTheSessionOnEveryHost()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "alice");
        var root = await browser.FollowAsync(await browser.GetAsync("http://localhost/signin?returnUrl=%2F")); // silent, on the root host too
        Assert.Contains("Your organizations", await root.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var page = await browser.GetAsync("http://acme.localhost/");
        var token = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .QuerySelector("form[action='/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var confirm = await browser.FollowAsync(await browser.PostFormAsync("http://acme.localhost/signout",
            [new("__RequestVerificationToken", token)]));
        var signedOut = await browser.ConfirmAtProviderAsync(confirm, [new("logout", "yes")]);

        Assert.Contains(browser.Visited, u => u.AbsoluteUri.StartsWith(app.Idp.Issuer + "/session/end"));
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/signout-callback-oidc");
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);

        // The root host's own cookie is still in the jar, but its provider session (sid) has ended.
        browser.Visited.Clear();
        var again = await browser.FollowAsync(await browser.GetAsync("http://localhost/"));
        Assert.DoesNotContain("Your organizations", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
