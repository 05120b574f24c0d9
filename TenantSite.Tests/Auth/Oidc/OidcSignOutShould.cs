using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcSignOutShould(OidcHosts hosts) : IClassFixture<OidcHosts>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("https://localhost")]
    public async Task EndTheProviderSessionAndComeBackToTheHome(string origin)
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser(origin);
        OidcAssert.SignedIn(await host.SignInAsync(browser));

        using var signOut = await OidcTestHost.SignOutAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var endSession = signOut.Headers.Location!;
        Assert.StartsWith($"{host.Provider.Issuer}/end_session?", endSession.ToString());
        var query = QueryHelpers.ParseQuery(endSession.Query);
        // The id_token the provider issued at sign-in, kept with the session (no cookie holds it).
        Assert.Contains(query["id_token_hint"].ToString(), host.Provider.Secrets);
        Assert.Equal(3, query["id_token_hint"].ToString().Split('.').Length);
        Assert.Equal($"{origin}/signout-callback-oidc", query["post_logout_redirect_uri"]);
        Assert.NotEmpty(query["state"].ToString());
        Assert.Contains(OidcAssert.SetCookies(signOut), c => c.StartsWith(OidcAssert.SessionCookie + "=;", StringComparison.Ordinal));

        // The provider ends its session and sends the browser to post_logout_redirect_uri with the state.
        using var atProvider = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(endSession, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, atProvider.StatusCode);
        using var signedOutCallback = await browser.GetAsync(atProvider.Headers.Location!.ToString(), Cancel);

        Assert.Equal(HttpStatusCode.Redirect, signedOutCallback.StatusCode);
        Assert.Equal("/", signedOutCallback.Headers.Location!.OriginalString);
        Assert.False(await OidcAssert.HasSessionAsync(browser));
    }

    // Google, for one, has no end_session_endpoint: the sign-out is local (and the sid revocation still applies).
    [Fact]
    public async Task SignOutLocallyWhenTheProviderHasNoEndSessionEndpoint()
    {
        await using var host = await hosts.StartAsync(provider: p => p.AdvertiseEndSession = false);
        var browser = host.CreateBrowser("http://localhost");
        OidcAssert.SignedIn(await host.SignInAsync(browser));

        using var signOut = await OidcTestHost.SignOutAsync(browser);

        Assert.Equal("/", signOut.Headers.Location!.OriginalString);
        Assert.Null(host.Provider.LastEndSessionRequest);
        Assert.False(await OidcAssert.HasSessionAsync(browser));
    }

    // The local session ends in the same response that sends the browser on to the provider, whatever happens there.
    [Fact]
    public async Task EndTheLocalSessionEvenWhenTheProviderIsDown()
    {
        await using var host = await hosts.StartAsync(own: true);
        var browser = host.CreateBrowser("http://localhost");
        OidcAssert.SignedIn(await host.SignInAsync(browser));
        await host.Provider.StopAsync();

        using var signOut = await OidcTestHost.SignOutAsync(browser);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Contains(OidcAssert.SetCookies(signOut), c => c.StartsWith(OidcAssert.SessionCookie + "=;", StringComparison.Ordinal));
        Assert.False(await OidcAssert.HasSessionAsync(browser));
    }

    // Only a state the app protected itself can pick the target; anything else lands on the home page (the handler
    // alone would answer an empty page).
    [Theory]
    [InlineData("/signout-callback-oidc")]
    [InlineData("/signout-callback-oidc?state=https%3A%2F%2Fevil.example")]
    [InlineData("/signout-callback-oidc?state=forged")]
    public async Task GoHomeFromASignedOutCallbackWithoutAProtectedState(string callback)
    {
        await using var host = await hosts.StartAsync();

        using var response = await host.CreateBrowser().GetAsync(callback, Cancel);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}
