using System.Net;
using System.Text.Json.Nodes;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0 against hand-made logout tokens: what §2.6 requires is checked, a valid token
/// ends the sign-ins it names, anything else is a 400 that ends nothing.
/// </summary>
public sealed class BackchannelLogoutShould(OidcHosts hosts) : IClassFixture<OidcHosts>
{
    private const string Event = "http://schemas.openid.net/event/backchannel-logout";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EndTheSignInItNamesBySid()
    {
        await using var host = await hosts.StartAsync();
        var browser = await SignedInAsync(host);

        using var response = await PostAsync(host, Token(host));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.False(await OidcAssert.HasSessionAsync(browser));
    }

    [Fact]
    public async Task EndEverySignInOfTheSubjectWhenItNamesNoSid()
    {
        await using var host = await hosts.StartAsync();
        var first = await SignedInAsync(host);
        var second = await SignedInAsync(host);

        using var response = await PostAsync(host, Token(host, p => p.Remove("sid")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await OidcAssert.HasSessionAsync(first));
        Assert.False(await OidcAssert.HasSessionAsync(second));
    }

    // No matching session is no error (§2.8): the provider gets its 200, and nobody else is signed out.
    [Theory]
    [InlineData("sid", "another-session")]
    [InlineData("sub", "another-user")]
    public async Task LeaveSignInsItDoesNotNameAlone(string claim, string value)
    {
        await using var host = await hosts.StartAsync();
        var browser = await SignedInAsync(host);

        using var response = await PostAsync(host, Token(host, p => p[claim] = value));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await OidcAssert.HasSessionAsync(browser));
    }

    [Fact]
    public async Task RefuseAReplayedToken()
    {
        await using var host = await hosts.StartAsync();
        var token = Token(host, p => p["sid"] = "not-signed-in");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, token)).StatusCode);

        using var replay = await PostAsync(host, token);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("invalid_request", await replay.Content.ReadAsStringAsync(Cancel));
    }

    public static TheoryData<string> Tamperings => [.. Tampered.Keys];

    private static readonly Dictionary<string, Func<OidcTestHost, string>> Tampered = new()
    {
        ["wrong iss"] = h => Token(h, p => p["iss"] = "https://evil.example"),
        ["wrong aud"] = h => Token(h, p => p["aud"] = "another-client"),
        ["no events"] = h => Token(h, p => p.Remove("events")),
        ["events without the logout event"] = h => Token(h, p => p["events"] = new JsonObject { ["urn:other"] = new JsonObject() }),
        ["logout event not an object"] = h => Token(h, p => p["events"] = new JsonObject { [Event] = "yes" }),
        ["a nonce"] = h => Token(h, p => p["nonce"] = "n-1"),
        ["neither sid nor sub"] = h => Token(h, p => { p.Remove("sid"); p.Remove("sub"); }),
        ["no jti"] = h => Token(h, p => p.Remove("jti")),
        ["no iat"] = h => Token(h, p => p.Remove("iat")),
        ["iat ten minutes old"] = h => Token(h, p => p["iat"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()),
        ["no exp"] = h => Token(h, p => p.Remove("exp")),
        ["expired"] = h => Token(h, p => p["exp"] = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()),
        ["signed with an unpublished key"] = h => Token(h, sign: p => TestIdTokens.Sign(p, TestKey.Attacker)),
        ["HS256 keyed with the public RSA key"] = h => Token(h, sign: p => TestIdTokens.HmacWithPublicKey(p, TestKey.Rsa1)),
        ["alg none"] = h => Token(h, sign: TestIdTokens.Unsigned),
        ["not a JWT"] = _ => "not-a-jwt",
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task RefuseATokenThatBreaksTheRules(string tampering)
    {
        await using var host = await hosts.StartAsync();
        var browser = await SignedInAsync(host);

        using var response = await PostAsync(host, Tampered[tampering](host));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await OidcAssert.HasSessionAsync(browser));
    }

    [Fact]
    public async Task RefuseARequestWithoutAToken()
    {
        await using var host = await hosts.StartAsync();

        using var response = await host.App.CreateClient().PostAsync("/backchannel-logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["other"] = "x" }), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // The hostile-input corpus (Security/HostileInputs.txt) as the token: each a 400 (413 for a body over the form
    // limit), none a 500, and nobody signed out.
    [Fact]
    public async Task AnswerEveryHostileValueWith400()
    {
        await using var host = await hosts.StartAsync();
        var browser = await SignedInAsync(host);
        var inputs = Security.HostileInputs.Load();

        foreach (var input in inputs["value"])
        {
            using var response = await PostAsync(host, input.Value());
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{input}: {(int)response.StatusCode}");
        }
        Assert.True(await OidcAssert.HasSessionAsync(browser));
    }

    private static async Task<TestBrowser> SignedInAsync(OidcTestHost host)
    {
        var browser = host.CreateBrowser();
        OidcAssert.SignedIn(await host.SignInAsync(browser));
        return browser;
    }

    private static string Token(OidcTestHost host, Action<JsonObject>? edit = null, Func<JsonObject, string>? sign = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = host.Provider.Issuer,
            ["aud"] = host.Provider.Settings.ClientId,
            ["iat"] = now,
            ["exp"] = now + 120,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["sub"] = host.Provider.Settings.Subject,
            ["sid"] = "session-42",
            ["events"] = new JsonObject { [Event] = new JsonObject() },
        };
        edit?.Invoke(payload);
        return (sign ?? (p => TestIdTokens.Sign(p, TestKey.Rsa1)))(payload);
    }

    private static Task<HttpResponseMessage> PostAsync(OidcTestHost host, string token) =>
        host.App.CreateClient().PostAsync("/backchannel-logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["logout_token"] = token }), Cancel);
}
