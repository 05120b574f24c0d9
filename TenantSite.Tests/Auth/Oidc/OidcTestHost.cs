using System.Net;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>A test provider and a relying party wired to it, plus the steps of a browser sign-in.</summary>
public sealed class OidcTestHost : IAsyncDisposable
{
    private OidcTestHost(TestProvider provider, RelyingParty relyingParty)
    {
        Provider = provider;
        RelyingParty = relyingParty;
    }

    public TestProvider Provider { get; }
    public RelyingParty RelyingParty { get; }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<OidcTestHost> StartAsync(Action<OidcOptions>? configure = null, Action<TestProviderSettings>? provider = null)
    {
        var testProvider = await TestProvider.StartAsync(Cancel);
        provider?.Invoke(testProvider.Settings);
        return new OidcTestHost(testProvider, await RelyingParty.StartAsync(testProvider, configure, Cancel));
    }

    /// <summary>Requests <paramref name="path"/> anonymously and returns the authorization URL it redirects to.</summary>
    public async Task<Uri> ChallengeAsync(TestBrowser browser, string path = "/protected")
    {
        using var response = await browser.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith($"{Provider.Issuer}/authorize?", location.ToString());
        return location;
    }

    /// <summary>Challenge, then let the provider answer: what the browser is about to bring back.</summary>
    public async Task<AuthorizationResponse> AuthorizeAsync(TestBrowser browser, string path = "/protected") =>
        await Provider.AuthorizeAsync(await ChallengeAsync(browser, path), Cancel);

    /// <summary>The whole round trip; returns the relying party's answer to the callback.</summary>
    public async Task<HttpResponseMessage> SignInAsync(TestBrowser browser, string path = "/protected") =>
        await browser.ReturnFromProviderAsync(await AuthorizeAsync(browser, path), Cancel);

    public async ValueTask DisposeAsync()
    {
        await RelyingParty.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
