using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcSignOutShould
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://acme.localhost")]
    [InlineData("https://localhost")]
    public async Task EndTheProviderSessionAndComeBackToTheReturnUrl(string origin)
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser(origin);
        OidcAssert.SignedIn(await host.SignInAsync(browser));
        var idToken = (await OidcAssert.ProtectedPageAsync(browser))["id_token"]!.GetValue<string>();

        using var signOut = await browser.GetAsync("/signout", Cancel);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var endSession = signOut.Headers.Location!;
        Assert.StartsWith($"{host.Provider.Issuer}/end_session?", endSession.ToString());
        var query = QueryHelpers.ParseQuery(endSession.Query);
        Assert.Equal(idToken, query["id_token_hint"]);
        Assert.Equal("tenant-site", query["client_id"]);
        Assert.Equal($"{origin}/signout-callback-oidc", query["post_logout_redirect_uri"]);
        Assert.NotEmpty(query["state"].ToString());
        Assert.Contains(OidcAssert.SetCookies(signOut), c => c.StartsWith(".AspNetCore.Cookies=;", StringComparison.Ordinal));

        // The provider ends its session and sends the browser to post_logout_redirect_uri with the state.
        using var atProvider = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(endSession, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, atProvider.StatusCode);
        using var signedOutCallback = await browser.GetAsync(atProvider.Headers.Location!.ToString(), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, signedOutCallback.StatusCode);
        Assert.Equal("/bye", signedOutCallback.Headers.Location!.OriginalString);
        using var protectedPage = await browser.GetAsync("/protected", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode); // signed out: challenged again
    }

    [Fact]
    public async Task SignOutLocallyWhenTheProviderHasNoEndSessionEndpoint()
    {
        await using var host = await OidcTestHost.StartAsync(provider: p => p.AdvertiseEndSession = false);
        var browser = host.RelyingParty.CreateBrowser();
        OidcAssert.SignedIn(await host.SignInAsync(browser));

        using var signOut = await browser.GetAsync("/signout", Cancel);

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Null(host.Provider.LastEndSessionRequest);
        using var protectedPage = await browser.GetAsync("/protected", Cancel);
        Assert.StartsWith($"{host.Provider.Issuer}/authorize?", protectedPage.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignOutLocallyWhenTheProviderIsUnreachable()
    {
        await using var host = await OidcTestHost.StartAsync();
        await host.Provider.StopAsync();

        using var signOut = await host.RelyingParty.CreateBrowser().GetAsync("/signout", Cancel);

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
    }

    // Only a state the app protected itself can pick the target; anything else lands on the app root.
    [Theory]
    [InlineData("/signout-callback-oidc")]
    [InlineData("/signout-callback-oidc?state=https%3A%2F%2Fevil.example")]
    [InlineData("/signout-callback-oidc?state=forged")]
    public async Task IgnoreASignedOutCallbackWithoutAProtectedState(string callback)
    {
        await using var host = await OidcTestHost.StartAsync();

        using var response = await host.RelyingParty.CreateBrowser().GetAsync(callback, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RefuseASignInStateAtTheSignedOutCallback()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser();
        var signInState = (await host.AuthorizeAsync(browser, "/protected?next=elsewhere"))["state"]!;

        using var response = await browser.GetAsync($"/signout-callback-oidc?state={Uri.EscapeDataString(signInState)}", Cancel);

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}
