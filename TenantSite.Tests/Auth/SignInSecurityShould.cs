using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>Sign-in edge cases through the real app and provider: redirects, forged callbacks, cookie attributes.</summary>
public sealed class SignInSecurityShould(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example%2F")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("http%3A%2F%2Flocalhost.evil.example%2F")]
    public async Task NeverRedirectOffTheRootDomainAfterSignIn(string returnUrl)
    {
        using var browser = app.NewBrowser();
        var login = await browser.FollowAsync(await browser.GetAsync($"http://acme.localhost/signin?returnUrl={returnUrl}"));
        var landed = await browser.LogInAtProviderAsync(login, "alice");

        Assert.Equal("acme.localhost", landed.RequestMessage!.RequestUri!.Host);
        Assert.DoesNotContain(browser.Visited, u => u.Host.Contains("evil"));
    }

    [Fact]
    public async Task FollowAReturnUrlToAnotherTenantHost()
    {
        using var browser = app.NewBrowser();
        var login = await browser.FollowAsync(await browser.GetAsync("http://localhost/signin?returnUrl=http%3A%2F%2Fglobex.localhost%2F"));
        var landed = await browser.LogInAtProviderAsync(login, "carol");
        Assert.Equal("http://globex.localhost/", landed.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains("Hammock district", await landed.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("/signin-oidc?code=abc&state=forged")]
    [InlineData("/signin-oidc?error=access_denied&state=forged")]
    [InlineData("/signin-oidc")]
    public async Task AnswerForgedOrBrokenCallbacksWithTheFriendlyPage(string callback)
    {
        using var browser = app.NewBrowser();
        var page = await browser.FollowAsync(await browser.GetAsync("http://acme.localhost" + callback));
        var html = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal("/signin/error", page.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Try again", html);
        Assert.DoesNotContain("Exception", html);
    }

    [Fact]
    public async Task ReplayingACallbackDoesNotSignInAgain()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "alice");
        var callback = browser.Visited.Last(u => u.AbsolutePath == "/signin-oidc" && u.Query.Contains("code="));

        using var attacker = app.NewBrowser();
        var replay = await attacker.FollowAsync(await attacker.GetAsync(callback.AbsoluteUri));
        Assert.Equal("/signin/error", replay.RequestMessage!.RequestUri!.AbsolutePath);
        var after = await attacker.GetAsync("http://acme.localhost/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode); // still signed out: sent to /signin
        Assert.StartsWith("/signin", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task IssueAnHttpOnlyLaxSessionCookieForTheWholeHost()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://localhost/org/acme")), "alice");
        var cookie = browser.Cookies.GetAllCookies().Single(c => c.Name == "tenantsite.auth");

        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path);
        Assert.Equal("localhost", cookie.Domain);
        Assert.False(cookie.Secure); // plain http in development; SameAsRequest makes it Secure on https
    }

    [Fact]
    public async Task ProvisionUsersByIssuerAndSubjectAndRefreshTheirProfile()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://localhost/signin")), "newcomer");

        var admin = AdminSources.For(app.AdminConnectionString);
        await using var connection = await admin.OpenConnectionAsync(Ct);
        var rows = await Sql.ReadAsync(connection, "SELECT issuer, email, name FROM users WHERE subject = 'newcomer'");
        Assert.Equal(new object?[] { app.Idp.Issuer, "newcomer@example.com", "Newcomer" }, rows.Single());
    }

    // A session that ends while a page is open: the next htmx request takes the whole window to sign-in, and back to
    // the page afterwards (not to the fragment's handler URL).
    [Fact]
    public async Task SendAnExpiredHtmxRequestToSignInAndBackToItsPage()
    {
        using var client = app.ClientFor("acme.localhost");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?handler=List");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Current-URL", "http://acme.localhost/projects/1");

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("/signin?returnUrl=" + Uri.EscapeDataString("http://acme.localhost/projects/1"),
            response.Headers.GetValues("HX-Redirect").Single());
    }
}
