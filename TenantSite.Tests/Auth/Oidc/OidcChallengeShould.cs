using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcChallengeShould(PostgresServer postgres, OidcHosts hosts) : IClassFixture<OidcHosts>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Whichever host the sign-in starts on, the provider sees the root domain's one redirect URI (with the scheme in use).
    [Theory]
    [InlineData("http://acme.localhost", "http://localhost")]
    [InlineData("http://localhost", "http://localhost")]
    [InlineData("https://globex.localhost", "https://localhost")]
    public async Task RequestCodeWithPkceS256AndTheRootDomainsRedirectUriFromAnyHost(string origin, string root)
    {
        await using var host = await hosts.StartAsync();

        var authorize = QueryHelpers.ParseQuery((await host.ChallengeAsync(host.CreateBrowser(origin))).Query);

        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal("tenant-site", authorize["client_id"]);
        Assert.Equal("openid profile email", authorize["scope"]);
        Assert.Equal($"{root}/signin-oidc", authorize["redirect_uri"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", authorize["code_challenge"].ToString());
        Assert.True(authorize["nonce"].ToString().Length >= 32, "the nonce should carry at least 128 bits");
        Assert.NotEmpty(authorize["state"].ToString());
        Assert.False(authorize.ContainsKey("prompt"));
        Assert.False(authorize.ContainsKey("x-client-SKU"));
    }

    // Sign-in on a host without a session tries the provider's session first, invisibly.
    [Fact]
    public async Task StartSilentlyWithPromptNone()
    {
        await using var host = await hosts.StartAsync();

        var authorize = await host.ChallengeAsync(host.CreateBrowser(), interactive: false);

        Assert.Equal("none", QueryHelpers.ParseQuery(authorize.Query)["prompt"]);
    }

    // form_post needs the correlation and nonce cookies on a cross-site POST: SameSite=None, which requires Secure.
    // Over plain http (development) both are Lax and the response comes back by a GET redirect.
    [Theory]
    [InlineData("https://localhost", "form_post", "samesite=none", true)]
    [InlineData("http://localhost", "query", "samesite=lax", false)]
    public async Task PickResponseModeAndSignInCookiesFromTheRequestScheme(string origin, string responseMode, string sameSite, bool secure)
    {
        await using var host = await hosts.StartAsync();

        using var challenge = await host.CreateBrowser(origin).GetAsync(OidcTestHost.SignInUrl("/"), Cancel);

        Assert.Equal(responseMode, QueryHelpers.ParseQuery(challenge.Headers.Location!.Query)["response_mode"]);
        var cookies = OidcAssert.SetCookies(challenge)
            .Where(c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) ||
                        c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, cookies.Count);
        Assert.All(cookies, cookie =>
        {
            Assert.Contains(sameSite, cookie);
            Assert.Contains("path=/signin-oidc", cookie);
            Assert.Contains("httponly", cookie);
            Assert.Equal(secure, cookie.Split("; ").Contains("secure"));
        });
    }

    [Fact]
    public async Task SendFreshStateNonceAndVerifierForEveryChallenge()
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser();

        var first = QueryHelpers.ParseQuery((await host.ChallengeAsync(browser)).Query);
        var second = QueryHelpers.ParseQuery((await host.ChallengeAsync(browser)).Query);

        Assert.NotEqual(first["state"], second["state"]);
        Assert.NotEqual(first["nonce"], second["nonce"]);
        Assert.NotEqual(first["code_challenge"], second["code_challenge"]);
    }

    [Fact]
    public async Task SendTheUserToTheErrorPageWhenDiscoveryIsUnavailable()
    {
        await using var host = await hosts.StartAsync(own: true);
        await host.Provider.StopAsync();

        using var response = await host.CreateBrowser().GetAsync(OidcTestHost.SignInUrl("/projects"), Cancel);

        OidcAssert.RedirectsToError(response, "provider_unreachable", "/projects");
    }

    [Fact]
    public async Task RefuseToStartWithAnHttpAuthorityUnlessHttpsMetadataIsOff()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await OidcTestHost.StartAsync(postgres,
                settings: new Dictionary<string, string?> { ["Oidc:RequireHttpsMetadata"] = "true" });
        });

        Assert.Contains("HTTPS", failure.Message);
    }

    [Fact]
    public async Task RefuseToStartWithoutTheOpenidScope()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await OidcTestHost.StartAsync(postgres,
                settings: new Dictionary<string, string?> { ["Oidc:Scopes"] = "profile email" });
        });

        Assert.Contains("openid", failure.Message);
    }
}
