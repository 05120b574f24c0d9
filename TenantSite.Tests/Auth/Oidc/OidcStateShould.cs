using System.Net;
using System.Net.Http.Json;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcStateShould(PostgresServer postgres, OidcHosts hosts) : IClassFixture<OidcHosts>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("https://localhost")]
    public async Task RejectAReplayedCallback(string origin)
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser(origin);
        var response = await host.AuthorizeAsync(browser);
        OidcAssert.SignedIn(await browser.ReturnFromProviderAsync(response, Cancel));

        var replay = await browser.ReturnFromProviderAsync(response, Cancel);

        OidcAssert.RedirectsToError(replay, "invalid_state");
    }

    [Fact]
    public async Task RejectATamperedState()
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser();
        var response = await host.AuthorizeAsync(browser);
        var state = response["state"]!;
        var tampered = state[..20] + (state[20] == 'A' ? 'B' : 'A') + state[21..];

        OidcAssert.RedirectsToError(await browser.ReturnFromProviderAsync(response.With("state", tampered), Cancel),
            "invalid_state", returnUrl: null);
    }

    // A state minted by another deployment (another data-protection key ring) with its own valid code.
    [Fact]
    public async Task RejectAStateProtectedByAnotherKeyRing()
    {
        await using var host = await hosts.StartAsync();
        await using var otherApp = new ProviderAppFactory(postgres, host.Provider, null, null);
        await otherApp.InitializeAsync();
        var victim = host.CreateBrowser();
        await host.ChallengeAsync(victim); // the victim has correlation and nonce cookies of its own
        using var otherChallenge = await otherApp.CreateBrowser("http://localhost").GetAsync(OidcTestHost.SignInUrl("/"), Cancel);
        var forged = await host.Provider.AuthorizeAsync(otherChallenge.Headers.Location!, Cancel);

        OidcAssert.RedirectsToError(await victim.ReturnFromProviderAsync(forged, Cancel), "invalid_state", returnUrl: null);
    }

    [Fact]
    public async Task RejectACallbackWithoutItsCorrelationCookie()
    {
        await using var host = await hosts.StartAsync();
        var response = await host.AuthorizeAsync(host.CreateBrowser());

        var result = await host.CreateBrowser().ReturnFromProviderAsync(response, Cancel);

        // The state was readable, so the error page still learns where the user was going.
        OidcAssert.RedirectsToError(result, "invalid_state");
    }

    [Theory]
    [InlineData("/signin-oidc")]
    [InlineData("/signin-oidc?code=abc")]
    [InlineData("/signin-oidc?state=not-a-protected-payload&code=abc")]
    [InlineData("/signin-oidc?error=access_denied")]
    [InlineData("/signin-oidc?state=a&state=b")]
    [InlineData("/signin-oidc?id_token=eyJ&state=x")]
    public async Task TurnGarbageCallbacksIntoErrorRedirects(string callback)
    {
        await using var host = await hosts.StartAsync();

        using var response = await host.CreateBrowser().GetAsync(callback, Cancel);

        OidcAssert.RedirectsToError(response, "invalid_state", returnUrl: null);
    }

    // The input checks refuse a body that is not a form before any handler reads it, the callback's included.
    [Fact]
    public async Task RejectACallbackPostThatIsNotAForm()
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser("https://localhost");

        using var response = await browser.PostAsync("/signin-oidc", JsonContent.Create(new { state = "x", code = "y" }), Cancel);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("Forms must be sent as", await response.Content.ReadAsStringAsync(Cancel));
        Assert.DoesNotContain(OidcAssert.SetCookies(response), c => c.StartsWith(OidcAssert.SessionCookie + "=", StringComparison.Ordinal));
    }
}
