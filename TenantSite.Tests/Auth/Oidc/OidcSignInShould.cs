using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcSignInShould
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // https → form_post (POST callback), http → query (GET callback); RS256 and ES256 keys.
    [Theory]
    [InlineData("rsa-1", "http://acme.localhost", false)]
    [InlineData("rsa-1", "https://acme.localhost", true)]
    [InlineData("ec-1", "http://acme.localhost", false)]
    [InlineData("ec-1", "https://acme.localhost", true)]
    public async Task SignInWithAValidIdToken(string kid, string origin, bool formPost)
    {
        var key = kid == TestKey.Ec1.Kid ? TestKey.Ec1 : TestKey.Rsa1;
        await using var host = await OidcTestHost.StartAsync(provider: p => p.SignIdToken = payload => TestIdTokens.Sign(payload, key));
        var browser = host.RelyingParty.CreateBrowser(origin);

        var response = await host.AuthorizeAsync(browser);
        Assert.Equal(formPost, response.IsFormPost);
        OidcAssert.SignedIn(await browser.ReturnFromProviderAsync(response, Cancel));

        var page = await OidcAssert.ProtectedPageAsync(browser);
        Assert.Equal("user-123", OidcAssert.Claim(page, "sub"));
        Assert.Equal(host.Provider.Issuer, OidcAssert.Claim(page, "iss"));
        Assert.Equal("ada@example.test", OidcAssert.Claim(page, "email"));
        Assert.Equal("Ada Lovelace", OidcAssert.Claim(page, "name"));
        Assert.Equal("session-42", OidcAssert.Claim(page, "sid"));
        Assert.All(new[] { "aud", "nonce", "exp", "iat", "at_hash", "azp" }, type => Assert.Null(OidcAssert.Claim(page, type)));
    }

    [Fact]
    public async Task KeepOnlyTheIdTokenForSignOut()
    {
        await using var host = await OidcTestHost.StartAsync();
        var browser = host.RelyingParty.CreateBrowser();

        OidcAssert.SignedIn(await host.SignInAsync(browser));

        var page = await OidcAssert.ProtectedPageAsync(browser);
        Assert.Contains(page["id_token"]!.GetValue<string>(), host.Provider.Secrets);
        Assert.Null(page["access_token"]);
        Assert.Null(page["refresh_token"]);
    }

    [Fact]
    public async Task ReturnToTheUrlThatTriggeredTheChallenge()
    {
        await using var host = await OidcTestHost.StartAsync();

        OidcAssert.SignedIn(await host.SignInAsync(host.RelyingParty.CreateBrowser(), "/protected?tab=2"), "/protected?tab=2");
    }

    // Discovery decides: basic when listed (the spec default and preferred), post only when basic is not.
    [Theory]
    [InlineData("client_secret_basic client_secret_post", "client_secret_basic")]
    [InlineData("client_secret_post client_secret_basic", "client_secret_basic")]
    [InlineData("client_secret_post", "client_secret_post")]
    [InlineData("", "client_secret_basic")]
    public async Task AuthenticateAtTheTokenEndpointAsDiscoveryAdvertises(string advertised, string expected)
    {
        await using var host = await OidcTestHost.StartAsync(provider: p =>
        {
            p.TokenEndpointAuthMethods.Clear();
            p.TokenEndpointAuthMethods.AddRange(advertised.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        });

        OidcAssert.SignedIn(await host.SignInAsync(host.RelyingParty.CreateBrowser()));

        Assert.Equal(expected, host.Provider.LastClientAuthentication);
    }

    [Fact]
    public async Task FillClaimsMissingFromTheIdTokenFromUserInfo()
    {
        await using var host = await OidcTestHost.StartAsync(
            o => o.GetClaimsFromUserInfoEndpoint = true,
            p => p.EditIdToken = payload => payload.Remove("email"));
        var browser = host.RelyingParty.CreateBrowser();

        OidcAssert.SignedIn(await host.SignInAsync(browser));

        var page = await OidcAssert.ProtectedPageAsync(browser);
        Assert.Equal("ada@example.test", OidcAssert.Claim(page, "email"));
        Assert.Equal("en-GB", OidcAssert.Claim(page, "locale"));
        Assert.Equal("Ada Lovelace", OidcAssert.Claim(page, "name")); // the id_token wins over userinfo
    }

    [Fact]
    public async Task RejectUserInfoAboutAnotherSubject()
    {
        await using var host = await OidcTestHost.StartAsync(
            o => o.GetClaimsFromUserInfoEndpoint = true,
            p => p.UserInfo = _ => new JsonObject { ["sub"] = "someone-else", ["email"] = "eve@example.test" });

        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.UserInfoError);
    }

    [Fact]
    public async Task LetTheAppProvisionTheUserAndAddClaimsOnTokenValidated()
    {
        string? provisionedFor = null;
        await using var host = await OidcTestHost.StartAsync(o => o.Events.OnTokenValidated = context =>
        {
            provisionedFor = $"{context.IdToken.Issuer}|{context.IdToken.Subject}";
            ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim("tenant_user_id", "u-7"));
            return Task.CompletedTask;
        });
        var browser = host.RelyingParty.CreateBrowser();

        OidcAssert.SignedIn(await host.SignInAsync(browser));

        Assert.Equal($"{host.Provider.Issuer}|user-123", provisionedFor);
        Assert.Equal("u-7", OidcAssert.Claim(await OidcAssert.ProtectedPageAsync(browser), "tenant_user_id"));
    }

    [Theory]
    [InlineData(null, OidcErrors.SignInRejected)]
    [InlineData(OidcErrors.AccessDenied, OidcErrors.AccessDenied)]
    public async Task LetTheAppRejectTheSignInOnTokenValidated(string? appError, string expected)
    {
        await using var host = await OidcTestHost.StartAsync(o => o.Events.OnTokenValidated = context =>
        {
            if (appError is null)
            {
                context.Fail("account disabled");
            }
            else
            {
                context.Fail(new OidcException(appError, "account disabled"));
            }
            return Task.CompletedTask;
        });
        var browser = host.RelyingParty.CreateBrowser();

        OidcAssert.RedirectsToError(await host.SignInAsync(browser), expected);

        using var protectedPage = await browser.GetAsync("/protected", Cancel);
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode); // still anonymous: challenged again
    }
}
