using System.Net.Http.Json;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcStateShould
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://acme.localhost")]
    [InlineData("https://acme.localhost")]
    public async Task RejectAReplayedCallback(string origin)
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser(origin);
        var response = await host.AuthorizeAsync(browser);
        OidcAssert.SignedIn(await browser.ReturnFromProviderAsync(response, Cancel));

        var replay = await browser.ReturnFromProviderAsync(response, Cancel);

        OidcAssert.RedirectsToError(replay, OidcErrors.InvalidState);
    }

    [Fact]
    public async Task RejectATamperedState()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser();
        var response = await host.AuthorizeAsync(browser);
        var state = response["state"]!;
        var tampered = state[..20] + (state[20] == 'A' ? 'B' : 'A') + state[21..];

        OidcAssert.RedirectsToError(await browser.ReturnFromProviderAsync(response.With("state", tampered), Cancel),
            OidcErrors.InvalidState, returnUrl: null);
    }

    // A state minted by another deployment (another data-protection key ring) with its own valid code.
    [Fact]
    public async Task RejectAStateProtectedByAnotherKeyRing()
    {
        await using var host = await OidcTestHost.StartAsync();
        await using var otherApp = await RelyingParty.StartAsync(host.Provider, null, Cancel);
        var victim = host.RelyingParty.CreateBrowser();
        await host.ChallengeAsync(victim); // the victim has a correlation cookie of its own
        using var otherChallenge = await otherApp.CreateBrowser().GetAsync("/protected", Cancel);
        var forged = await host.Provider.AuthorizeAsync(otherChallenge.Headers.Location!, Cancel);

        OidcAssert.RedirectsToError(await victim.ReturnFromProviderAsync(forged, Cancel), OidcErrors.InvalidState, returnUrl: null);
    }

    [Fact]
    public async Task RejectACallbackWithoutItsCorrelationCookie()
    {
        await using var host = await OidcTestHost.StartAsync();
        var response = await host.AuthorizeAsync(host.RelyingParty.CreateBrowser());

        var otherBrowser = host.RelyingParty.CreateBrowser();
        var result = await otherBrowser.ReturnFromProviderAsync(response, Cancel);

        // The state was readable, so the error page still learns where the user was going.
        OidcAssert.RedirectsToError(result, OidcErrors.InvalidState);
    }

    [Theory]
    [InlineData("/signin-oidc", OidcErrors.InvalidState)]
    [InlineData("/signin-oidc?code=abc", OidcErrors.InvalidState)]
    [InlineData("/signin-oidc?state=not-a-protected-payload&code=abc", OidcErrors.InvalidState)]
    [InlineData("/signin-oidc?error=access_denied", OidcErrors.InvalidState)]
    [InlineData("/signin-oidc?state=a&state=b", OidcErrors.InvalidResponse)]
    [InlineData("/signin-oidc?id_token=eyJ&state=x", OidcErrors.InvalidResponse)]
    public async Task TurnGarbageCallbacksIntoErrorRedirects(string callback, string error)
    {
        await using var host = await OidcTestHost.StartAsync();

        using var response = await host.RelyingParty.CreateBrowser().GetAsync(callback, Cancel);

        OidcAssert.RedirectsToError(response, error, returnUrl: null);
    }

    [Fact]
    public async Task RejectACallbackPostThatIsNotAForm()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser("https://acme.localhost");

        using var response = await browser.PostAsync("/signin-oidc", JsonContent.Create(new { state = "x", code = "y" }), Cancel);

        OidcAssert.RedirectsToError(response, OidcErrors.InvalidResponse, returnUrl: null);
    }
}
