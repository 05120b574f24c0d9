using Microsoft.AspNetCore.WebUtilities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcProviderErrorShould(OidcHosts hosts) : IClassFixture<OidcHosts>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("access_denied", "access_denied")]
    [InlineData("temporarily_unavailable", "temporarily_unavailable")]
    [InlineData("<script>alert(1)</script>", "provider_error")]
    public async Task PassTheProviderErrorToTheErrorPage(string providerError, string shownError)
    {
        await using var host = await hosts.StartAsync(provider: p => p.AuthorizeError = providerError);

        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), shownError);
    }

    // The error page offers "try again" with the return URL only when it is one of ours (never an open redirect).
    [Theory]
    [InlineData("/org/acme/projects?page=2", "/org/acme/projects?page=2")]
    // Another host's URL comes back through the root's /signin, which hands the session over.
    [InlineData("http://globex.localhost/", "/signin?returnUrl=http%3A%2F%2Fglobex.localhost%2F")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    public async Task OnlyOfferOurOwnReturnUrlOnTheErrorPage(string returnUrl, string offered)
    {
        await using var host = await hosts.StartAsync(provider: p => p.AuthorizeError = "access_denied");

        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser(), returnUrl), "access_denied", offered);
    }

    // A host without a session asks the provider silently first; without a provider session (login_required) the
    // app asks again, visibly, and the user signs in at the provider.
    [Fact]
    public async Task FallBackToAnInteractiveSignInWhenTheSilentOneNeedsTheUser()
    {
        await using var host = await hosts.StartAsync(provider: p => p.HasSession = false);
        var browser = host.CreateBrowser();

        using var fallback = await browser.ReturnFromProviderAsync(await host.AuthorizeAsync(browser, "/projects", interactive: false), Cancel);

        Assert.Equal("none", host.Provider.LastAuthorizeRequest["prompt"]);
        Assert.Equal(OidcTestHost.SignInUrl("/projects"), fallback.Headers.Location!.OriginalString);
        using var interactive = await browser.GetAsync(fallback.Headers.Location.OriginalString, Cancel);
        var authorize = interactive.Headers.Location!;
        Assert.False(QueryHelpers.ParseQuery(authorize.Query).ContainsKey("prompt"));
        OidcAssert.SignedIn(await browser.ReturnFromProviderAsync(await host.Provider.AuthorizeAsync(authorize, Cancel), Cancel), "/projects");
    }

    // Only a silent sign-in falls back: an interactive one that still needs the user ends on the error page, no loop.
    [Fact]
    public async Task NotLoopWhenAnInteractiveSignInGetsLoginRequired()
    {
        await using var host = await hosts.StartAsync(provider: p => p.AuthorizeError = "login_required");

        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "login_required");
    }

    [Fact]
    public async Task SendTheUserToTheErrorPageWhenTheTokenEndpointRefusesTheCode()
    {
        await using var host = await hosts.StartAsync(provider: p => p.FailTokenEndpoint = true);

        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "invalid_grant");
    }

    [Fact]
    public async Task SendTheUserToTheErrorPageWhenTheTokenEndpointIsUnreachable()
    {
        await using var host = await hosts.StartAsync(own: true);
        var browser = host.CreateBrowser();
        var response = await host.AuthorizeAsync(browser);
        await host.Provider.StopAsync();

        OidcAssert.RedirectsToError(await browser.ReturnFromProviderAsync(response, Cancel), "provider_unreachable");
    }

    // RFC 9207 (mix-up defence): the iss of the authorization response must be the provider the app asked.
    [Fact]
    public async Task RejectAnAuthorizationResponseFromAnotherIssuer()
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser();
        var response = await host.AuthorizeAsync(browser);

        var mixedUp = await browser.ReturnFromProviderAsync(response.With("iss", "http://127.0.0.1:1"), Cancel);

        OidcAssert.RedirectsToError(mixedUp, "invalid_response");
        Assert.Contains(host.Logs.Entries, e => e.Contains("names another issuer"));
    }
}
