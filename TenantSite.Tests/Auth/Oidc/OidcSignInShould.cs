using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcSignInShould(PostgresServer postgres, OidcHosts hosts) : IClassFixture<OidcHosts>
{
    // https → form_post (POST callback), http → query (GET callback); RS256 and ES256 keys.
    [Theory]
    [InlineData("rsa-1", "http://localhost", false)]
    [InlineData("rsa-1", "https://localhost", true)]
    [InlineData("ec-1", "http://localhost", false)]
    [InlineData("ec-1", "https://localhost", true)]
    public async Task SignInWithAValidIdToken(string kid, string origin, bool formPost)
    {
        var key = kid == TestKey.Ec1.Kid ? TestKey.Ec1 : TestKey.Rsa1;
        await using var host = await hosts.StartAsync(provider: p => p.SignIdToken = payload => TestIdTokens.Sign(payload, key));
        var browser = host.CreateBrowser(origin);

        var response = await host.AuthorizeAsync(browser);
        Assert.Equal(formPost, response.IsFormPost);
        OidcAssert.SignedIn(await browser.ReturnFromProviderAsync(response, TestContext.Current.CancellationToken));

        var session = await OidcAssert.SessionAsync(browser);
        Assert.Equal("user-123", OidcAssert.Claim(session, "sub"));
        Assert.Equal(host.Provider.Issuer, OidcAssert.Claim(session, "iss"));
        Assert.Equal("ada@example.test", OidcAssert.Claim(session, "email"));
        Assert.Equal("Ada Lovelace", OidcAssert.Claim(session, "name"));
        Assert.Equal("session-42", OidcAssert.Claim(session, "sid"));
        Assert.NotNull(OidcAssert.Claim(session, "tenantsite:uid"));
        Assert.All(new[] { "aud", "nonce", "exp", "iat", "at_hash", "azp" }, type => Assert.Null(OidcAssert.Claim(session, type)));
    }

    // The cookie holds no token; the id_token (for id_token_hint at sign-out) is kept with the session's record,
    // data-protected, so reading the table does not give it away.
    [Fact]
    public async Task KeepNoTokenInTheCookieAndTheIdTokenProtectedWithTheSession()
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser();

        OidcAssert.SignedIn(await host.SignInAsync(browser));

        var session = await OidcAssert.SessionAsync(browser);
        Assert.Empty(session["tokens"]!.AsArray());
        var family = Guid.Parse(OidcAssert.Claim(session, "tenantsite:family")!);
        Assert.Equal(family.ToString(), OidcAssert.Claim(session, "tenantsite:session"));
        var stored = await TestOrganizations.ScalarAsync<string>(host.App.AdminConnectionString,
            "SELECT id_token_hint FROM user_sessions WHERE id = $1", family);
        Assert.DoesNotContain(stored, host.Provider.Secrets);
        Assert.All(host.Provider.Secrets, secret => Assert.DoesNotContain(secret, stored, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/test/session?tab=2", "/test/session?tab=2")]
    [InlineData("http://globex.localhost/test/session", "/signin?returnUrl=http%3A%2F%2Fglobex.localhost%2Ftest%2Fsession")]
    [InlineData("https://evil.example/", "/")]
    public async Task ReturnToTheUrlThatStartedTheSignInWhenItIsOurs(string returnUrl, string landing)
    {
        await using var host = await hosts.StartAsync();

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser(), returnUrl), landing);
    }

    // The official handler sends client_secret_post only; TenantSite moves the secret into a Basic header, the one
    // method every provider must support and discovery's default, unless the provider lists post but not basic.
    [Theory]
    [InlineData("client_secret_basic client_secret_post", "client_secret_basic")]
    [InlineData("client_secret_post client_secret_basic", "client_secret_basic")]
    [InlineData("client_secret_basic", "client_secret_basic")]
    [InlineData("client_secret_post", "client_secret_post")]
    [InlineData("", "client_secret_basic")]
    public async Task AuthenticateAtTheTokenEndpointAsDiscoveryAdvertises(string advertised, string expected)
    {
        await using var host = await hosts.StartAsync(provider: p =>
        {
            p.TokenEndpointAuthMethods.Clear();
            p.TokenEndpointAuthMethods.AddRange(advertised.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        });

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));

        Assert.Equal(expected, host.Provider.LastClientAuthentication);
    }

    // Several providers put only sub into the id_token by default and serve the profile from userinfo.
    [Fact]
    public async Task TakeEmailAndNameFromUserInfoWhenTheIdTokenHasNone()
    {
        await using var host = await hosts.StartAsync(provider: p => p.EditIdToken = payload =>
        {
            payload.Remove("email");
            payload.Remove("name");
        });
        var browser = host.CreateBrowser();

        OidcAssert.SignedIn(await host.SignInAsync(browser));

        var session = await OidcAssert.SessionAsync(browser);
        Assert.Equal("ada@example.test", OidcAssert.Claim(session, "email"));
        Assert.Equal("Ada (userinfo)", OidcAssert.Claim(session, "name"));
        Assert.Equal(["ada@example.test", "Ada (userinfo)"], await StoredProfileAsync(host));
    }

    [Fact]
    public async Task PreferTheIdTokenOverUserInfo()
    {
        await using var host = await hosts.StartAsync();
        var browser = host.CreateBrowser();

        OidcAssert.SignedIn(await host.SignInAsync(browser));

        Assert.Equal("Ada Lovelace", OidcAssert.Claim(await OidcAssert.SessionAsync(browser), "name"));
    }

    [Fact]
    public async Task FallBackToThePreferredUsernameForTheName()
    {
        await using var host = await hosts.StartAsync(provider: p =>
        {
            p.EditIdToken = payload => payload.Remove("name");
            p.UserInfo = sub => new() { ["sub"] = sub, ["preferred_username"] = "ada.l" };
        });

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));

        Assert.Equal(["ada@example.test", "ada.l"], await StoredProfileAsync(host));
    }

    // A provider that stops sending the profile (or a token without it) must not erase what the user had.
    [Fact]
    public async Task KeepTheStoredEmailAndNameWhenASignInCarriesNone()
    {
        await using var host = await hosts.StartAsync();
        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));

        host.Provider.Settings.EditIdToken = payload =>
        {
            payload.Remove("email");
            payload.Remove("name");
        };
        host.Provider.Settings.UserInfo = sub => new() { ["sub"] = sub };
        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));

        Assert.Equal(["ada@example.test", "Ada Lovelace"], await StoredProfileAsync(host));
    }

    [Fact]
    public async Task ProvisionOneUserPerIssuerAndSubject()
    {
        await using var host = await hosts.StartAsync();
        var first = host.CreateBrowser();
        OidcAssert.SignedIn(await host.SignInAsync(first));
        var second = host.CreateBrowser("http://localhost");
        OidcAssert.SignedIn(await host.SignInAsync(second));

        var users = await ReadAsync(host, "SELECT id::text FROM users WHERE issuer = $1 AND subject = 'user-123'", host.Provider.Issuer);
        var id = Assert.Single(users)[0];
        Assert.Equal(id, OidcAssert.Claim(await OidcAssert.SessionAsync(first), "tenantsite:uid"));
        Assert.Equal(id, OidcAssert.Claim(await OidcAssert.SessionAsync(second), "tenantsite:uid"));
    }

    // OIDC Core §5.3.4: userinfo about another subject is someone else's data.
    [Fact]
    public async Task RejectUserInfoAboutAnotherSubject()
    {
        await using var host = await OidcTestHost.StartAsync(postgres,
            provider: p => p.UserInfo = _ => new() { ["sub"] = "someone-else", ["email"] = "eve@example.test" });

        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "invalid_token");
        Assert.Empty(await ReadAsync(host, "SELECT 1 FROM users WHERE issuer = $1 AND subject = 'user-123'", host.Provider.Issuer));
    }

    private static async Task<object?[]> StoredProfileAsync(OidcTestHost host) =>
        Assert.Single(await ReadAsync(host, "SELECT email, name FROM users WHERE issuer = $1 AND subject = 'user-123'", host.Provider.Issuer));

    private static async Task<List<object?[]>> ReadAsync(OidcTestHost host, string sql, params object[] args)
    {
        var source = AdminSources.For(host.App.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await Sql.ReadAsync(connection, sql, args);
    }
}
