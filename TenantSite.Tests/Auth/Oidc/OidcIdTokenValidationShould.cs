using System.Text.Json.Nodes;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcIdTokenValidationShould(OidcHosts hosts) : IClassFixture<OidcHosts>
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>
    /// Ways to spoil an id_token, each with the reason the app must log: every one ends on the error page with
    /// invalid_token, and for the reason intended (not because some other check tripped).
    /// </summary>
    private static readonly Dictionary<string, (Action<TestProviderSettings> Tamper, string Reason)> Tamperings = new()
    {
        ["signed with an unpublished key under a published kid"] =
            (p => p.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Attacker.WithKid("rsa-1")), "SecurityTokenInvalidSignatureException"),
        ["alg none"] = (p => p.SignIdToken = TestIdTokens.Unsigned, "The id_token is not signed"),
        ["HS256 keyed with the public RSA key"] =
            (p => p.SignIdToken = payload => TestIdTokens.HmacWithPublicKey(payload, TestKey.Rsa1), "SecurityTokenInvalidSignatureException"),
        ["wrong iss"] = (p => p.EditIdToken = payload => payload["iss"] = "http://127.0.0.1:1", "SecurityTokenInvalidIssuerException"),
        ["wrong aud"] = (p => p.EditIdToken = payload => payload["aud"] = "another-client", "SecurityTokenInvalidAudienceException"),
        ["several aud with another client as azp"] = (p => p.EditIdToken = payload =>
        {
            payload["aud"] = new JsonArray("tenant-site", "another-client");
            payload["azp"] = "another-client";
        }, "IDX21340"),
        ["azp of another client"] = (p => p.EditIdToken = payload => payload["azp"] = "another-client", "IDX21340"),
        ["expired beyond the clock skew"] = (p => p.EditIdToken = payload => payload["exp"] = Now - 600, "SecurityTokenExpiredException"),
        ["nbf in the future"] = (p => p.EditIdToken = payload =>
        {
            payload["nbf"] = Now + 600;
            payload["exp"] = Now + 3600;
        }, "SecurityTokenNotYetValidException"),
        ["no iat"] = (p => p.EditIdToken = payload => payload.Remove("iat"), "iat"),
        ["no exp"] = (p => p.EditIdToken = payload => payload.Remove("exp"), "SecurityTokenNoExpirationException"),
        ["no sub"] = (p => p.EditIdToken = payload => payload.Remove("sub"), "sub"),
        ["nonce of another sign-in"] =
            (p => p.EditIdToken = payload => payload["nonce"] = "bm9uY2Utb2YtYW5vdGhlci1zaWduLWlu", "OpenIdConnectProtocolInvalidNonceException"),
        ["no nonce"] = (p => p.EditIdToken = payload => payload.Remove("nonce"), "OpenIdConnectProtocolInvalidNonceException"),
        ["at_hash of another access token"] =
            (p => p.EditIdToken = payload => payload["at_hash"] = TestIdTokens.AtHash("other"), "OpenIdConnectProtocolInvalidAtHashException"),
        ["not a JWT"] = (p => p.SignIdToken = _ => "not-a-jwt", "SecurityTokenMalformedException"),
    };

    public static TheoryData<string> TamperingNames => [.. Tamperings.Keys];

    [Theory]
    [MemberData(nameof(TamperingNames))]
    public async Task RejectTamperedIdToken(string tampering)
    {
        var (tamper, reason) = Tamperings[tampering];
        await using var host = await hosts.StartAsync(provider: tamper);

        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "invalid_token");
        Assert.True(host.Logs.Entries.Any(e => e.Contains(reason)),
            $"No log entry names '{reason}'. Failures logged:\n" + string.Join("\n", host.Logs.Entries.Where(e => e.Contains("Exception"))));
    }

    // Where the handler is more lenient than the old home-made validator, the spec allows it: several audiences
    // without azp still name this client; iat is informational (exp and nbf bound the token).
    [Theory]
    [InlineData("several aud with this client as azp")]
    [InlineData("several aud without azp")]
    [InlineData("iat in the future")]
    [InlineData("expired within the clock skew")]
    [InlineData("nbf within the clock skew")]
    public async Task AcceptIdTokenAtTheEdgeOfTheRules(string edge)
    {
        Action<JsonObject> edit = edge switch
        {
            "several aud with this client as azp" => payload =>
            {
                payload["aud"] = new JsonArray("tenant-site", "api");
                payload["azp"] = "tenant-site";
            },
            "several aud without azp" => payload => payload["aud"] = new JsonArray("tenant-site", "api"),
            "iat in the future" => payload => payload["iat"] = Now + 600,
            "expired within the clock skew" => payload => payload["exp"] = Now - 60,
            _ => payload => payload["nbf"] = Now + 60,
        };
        await using var host = await hosts.StartAsync(provider: p => p.EditIdToken = edit);

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));
    }
}
