using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcProviderErrorShould
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("access_denied", "access_denied")]
    [InlineData("temporarily_unavailable", "temporarily_unavailable")]
    [InlineData("<script>alert(1)</script>", OidcErrors.ProviderError)]
    public async Task PassTheProviderErrorToTheErrorPage(string providerError, string shownError)
    {
        await using var host = await OidcTestHost.StartAsync(provider: p => p.AuthorizeError = providerError);

        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), shownError);
    }

    [Theory]
    [InlineData("/org/projects?page=2", "/org/projects?page=2")]
    [InlineData("https://evil.example/", null)]
    [InlineData("//evil.example/", null)]
    [InlineData("/\\evil.example/", null)]
    public async Task OnlyOfferALocalReturnUrlOnTheErrorPage(string returnUrl, string? offered)
    {
        await using var host = await OidcTestHost.StartAsync(provider: p => p.AuthorizeError = "access_denied");
        var browser = host.RelyingParty.CreateBrowser();

        var response = await host.SignInAsync(browser, "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));

        OidcAssert.RedirectsToError(response, OidcErrors.AccessDenied, offered);
    }

    [Fact]
    public async Task SurfaceLoginRequiredForASilentChallengeSoTheAppCanFallBack()
    {
        OidcException? failure = null;
        await using var host = await OidcTestHost.StartAsync(
            o => o.Events.OnRemoteFailure = context =>
            {
                failure = context.Failure as OidcException;
                return OidcFailureRedirect.RedirectToErrorPathAsync(context);
            },
            p => p.HasSession = false);
        var browser = host.RelyingParty.CreateBrowser();

        var response = await browser.ReturnFromProviderAsync(await host.AuthorizeAsync(browser, "/silent"), Cancel);

        Assert.Equal("none", host.Provider.LastAuthorizeRequest["prompt"]);
        OidcAssert.RedirectsToError(response, OidcErrors.LoginRequired);
        Assert.NotNull(failure);
        Assert.True(failure.RequiresInteractiveLogin);
        Assert.Equal("none", failure.Prompt);
    }

    [Fact]
    public async Task LetTheAppRetryInteractivelyWhenSilentLoginNeedsTheUser()
    {
        await using var host = await OidcTestHost.StartAsync(
            o => o.Events.OnRemoteFailure = async context =>
            {
                if (context.Failure is OidcException { RequiresInteractiveLogin: true })
                {
                    await context.HttpContext.ChallengeAsync(RelyingParty.Scheme,
                        new AuthenticationProperties { RedirectUri = context.Properties!.RedirectUri });
                    context.HandleResponse();
                    return;
                }
                await OidcFailureRedirect.RedirectToErrorPathAsync(context);
            },
            p => p.HasSession = false);
        var browser = host.RelyingParty.CreateBrowser();

        using var fallback = await browser.ReturnFromProviderAsync(await host.AuthorizeAsync(browser, "/silent"), Cancel);

        var interactive = QueryHelpers.ParseQuery(fallback.Headers.Location!.Query);
        Assert.StartsWith($"{host.Provider.Issuer}/authorize?", fallback.Headers.Location.ToString());
        Assert.False(interactive.ContainsKey("prompt"));
        OidcAssert.SignedIn(await browser.ReturnFromProviderAsync(await host.Provider.AuthorizeAsync(fallback.Headers.Location, Cancel), Cancel));
    }

    [Fact]
    public async Task RedirectToTheErrorPageWhenTheTokenEndpointRefusesTheCode()
    {
        await using var host = await OidcTestHost.StartAsync(provider: p => p.FailTokenEndpoint = true);

        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.TokenError);
        Assert.Contains(host.RelyingParty.Logs.Entries, e => e.Contains("answered 400 (invalid_grant)"));
    }

    [Fact]
    public async Task RedirectToTheErrorPageWhenTheTokenEndpointIsUnreachable()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser();
        var response = await host.AuthorizeAsync(browser);
        await host.Provider.StopAsync();

        OidcAssert.RedirectsToError(await browser.ReturnFromProviderAsync(response, Cancel), OidcErrors.TokenError);
    }

    [Fact]
    public async Task RejectAnAuthorizationResponseFromAnotherIssuer()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser();
        var response = await host.AuthorizeAsync(browser);

        var mixedUp = await browser.ReturnFromProviderAsync(response.With("iss", "http://127.0.0.1:1"), Cancel);

        OidcAssert.RedirectsToError(mixedUp, OidcErrors.InvalidResponse);
    }
}
