using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcChallengeShould
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://acme.localhost")]
    [InlineData("http://localhost")]
    [InlineData("https://globex.localhost")]
    public async Task RequestCodeWithPkceS256AndRedirectUriOfTheCurrentHost(string origin)
    {
        await using var host = await OidcTestHost.StartAsync();

        var authorize = QueryHelpers.ParseQuery((await host.ChallengeAsync(host.RelyingParty.CreateBrowser(origin))).Query);

        Assert.Equal("code", authorize["response_type"]);
        Assert.Equal("tenant-site", authorize["client_id"]);
        Assert.Equal("openid profile email", authorize["scope"]);
        Assert.Equal($"{origin}/signin-oidc", authorize["redirect_uri"]);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", authorize["code_challenge"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", authorize["nonce"].ToString());
        Assert.NotEmpty(authorize["state"].ToString());
        Assert.False(authorize.ContainsKey("prompt"));
        Assert.False(authorize.ContainsKey("x-client-SKU"));
    }

    // form_post needs the correlation cookie on a cross-site POST: SameSite=None, which requires Secure.
    // Over plain http (development) the cookie is Lax and the response comes back by a GET redirect.
    [Theory]
    [InlineData("https://acme.localhost", "form_post", "samesite=none", true)]
    [InlineData("http://acme.localhost", "query", "samesite=lax", false)]
    public async Task PickResponseModeAndCorrelationCookieFromTheRequestScheme(string origin, string responseMode, string sameSite, bool secure)
    {
        await using var host = await OidcTestHost.StartAsync();

        using var challenge = await host.RelyingParty.CreateBrowser(origin).GetAsync("/protected", Cancel);

        Assert.Equal(responseMode, QueryHelpers.ParseQuery(challenge.Headers.Location!.Query)["response_mode"]);
        var correlation = Assert.Single(OidcAssert.SetCookies(challenge), c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        Assert.Contains(sameSite, correlation);
        Assert.Contains("path=/signin-oidc", correlation);
        Assert.Contains("httponly", correlation);
        Assert.Equal(secure, correlation.Contains("secure;", StringComparison.Ordinal) || correlation.EndsWith("secure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HonourAnExplicitQueryResponseModeOverHttps()
    {
        await using var host = await OidcTestHost.StartAsync(o => o.ResponseMode = "query");

        var authorize = await host.ChallengeAsync(host.RelyingParty.CreateBrowser("https://acme.localhost"));

        Assert.Equal("query", QueryHelpers.ParseQuery(authorize.Query)["response_mode"]);
    }

    [Fact]
    public async Task SendFreshStateNonceAndVerifierForEveryChallenge()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser();

        var first = QueryHelpers.ParseQuery((await host.ChallengeAsync(browser)).Query);
        var second = QueryHelpers.ParseQuery((await host.ChallengeAsync(browser)).Query);

        Assert.NotEqual(first["state"], second["state"]);
        Assert.NotEqual(first["nonce"], second["nonce"]);
        Assert.NotEqual(first["code_challenge"], second["code_challenge"]);
    }

    [Fact]
    public async Task SendPromptNoneForASilentChallenge()
    {
        await using var host = await OidcTestHost.StartAsync();

        var authorize = await host.ChallengeAsync(host.RelyingParty.CreateBrowser(), "/silent");

        Assert.Equal("none", QueryHelpers.ParseQuery(authorize.Query)["prompt"]);
    }

    [Fact]
    public async Task LetTheAppAddParametersOnRedirectToIdentityProvider()
    {
        await using var host = await OidcTestHost.StartAsync(o =>
            o.Events.OnRedirectToIdentityProvider = context =>
            {
                context.ProtocolMessage.LoginHint = "ada@example.test";
                context.ProtocolMessage.Prompt = "none";
                return Task.CompletedTask;
            });

        var authorize = QueryHelpers.ParseQuery((await host.ChallengeAsync(host.RelyingParty.CreateBrowser())).Query);

        Assert.Equal("ada@example.test", authorize["login_hint"]);
        Assert.Equal("none", authorize["prompt"]);
    }

    [Fact]
    public async Task RedirectToTheErrorPageWhenDiscoveryIsUnavailable()
    {
        await using var host = await OidcTestHost.StartAsync();
        await host.Provider.StopAsync();

        using var response = await host.RelyingParty.CreateBrowser().GetAsync("/protected", Cancel);

        OidcAssert.RedirectsToError(response, OidcErrors.DiscoveryError);
    }

    [Fact]
    public async Task RefuseAnHttpAuthorityUnlessHttpsMetadataIsOff()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var host = await OidcTestHost.StartAsync(o => o.RequireHttpsMetadata = true);
            await host.RelyingParty.CreateBrowser().GetAsync("/protected", Cancel);
        });

        Assert.Contains("https", failure.Message);
    }
}
