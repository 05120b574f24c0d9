using System.Text.Json.Nodes;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcIdTokenValidationShould
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>
    /// Ways to spoil an id_token, each with the reason the handler must log: every one ends on the error
    /// page with invalid_token, and for the reason intended (not because some other check tripped).
    /// </summary>
    private static readonly Dictionary<string, (Action<TestProviderSettings> Tamper, string Reason)> Tamperings = new()
    {
        ["signed with an unpublished key under a published kid"] =
            (p => p.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Attacker.WithKid("rsa-1")), "SecurityTokenInvalidSignatureException"),
        ["alg none"] = (p => p.SignIdToken = TestIdTokens.Unsigned, "SecurityTokenInvalidSignatureException"),
        ["HS256 keyed with the public RSA key"] =
            (p => p.SignIdToken = payload => TestIdTokens.HmacWithPublicKey(payload, TestKey.Rsa1), "SecurityTokenInvalidSignatureException"),
        ["wrong iss"] = (p => p.EditIdToken = payload => payload["iss"] = "http://127.0.0.1:1", "SecurityTokenInvalidIssuerException"),
        ["wrong aud"] = (p => p.EditIdToken = payload => payload["aud"] = "another-client", "SecurityTokenInvalidAudienceException"),
        ["several aud without azp"] =
            (p => p.EditIdToken = payload => payload["aud"] = new JsonArray("tenant-site", "another-client"), "several audiences and no azp"),
        ["several aud with another client as azp"] = (p => p.EditIdToken = payload =>
        {
            payload["aud"] = new JsonArray("tenant-site", "another-client");
            payload["azp"] = "another-client";
        }, "another party (azp)"),
        ["azp of another client"] = (p => p.EditIdToken = payload => payload["azp"] = "another-client", "another party (azp)"),
        ["expired beyond the clock skew"] = (p => p.EditIdToken = payload => payload["exp"] = Now - 300, "SecurityTokenExpiredException"),
        ["nbf in the future"] = (p => p.EditIdToken = payload => payload["nbf"] = Now + 600, "SecurityTokenInvalidLifetimeException"),
        ["iat in the future"] = (p => p.EditIdToken = payload => payload["iat"] = Now + 600, "issued in the future"),
        ["no iat"] = (p => p.EditIdToken = payload => payload.Remove("iat"), "has no iat"),
        ["no exp"] = (p => p.EditIdToken = payload => payload.Remove("exp"), "SecurityTokenNoExpirationException"),
        ["no sub"] = (p => p.EditIdToken = payload => payload.Remove("sub"), "has no sub"),
        ["nonce of another sign-in"] =
            (p => p.EditIdToken = payload => payload["nonce"] = "bm9uY2Utb2YtYW5vdGhlci1zaWduLWlu", "nonce that does not match"),
        ["no nonce"] = (p => p.EditIdToken = payload => payload.Remove("nonce"), "nonce that does not match"),
        ["at_hash of another access token"] =
            (p => p.EditIdToken = payload => payload["at_hash"] = TestIdTokens.AtHash("other"), "at_hash that does not match"),
        ["not a JWT"] = (p => p.SignIdToken = _ => "not-a-jwt", "SecurityTokenMalformedException"),
    };

    public static TheoryData<string> TamperingNames => [.. Tamperings.Keys];

    [Theory]
    [MemberData(nameof(TamperingNames))]
    public async Task RejectTamperedIdToken(string tampering)
    {
        var (tamper, reason) = Tamperings[tampering];
        await using var host = await OidcTestHost.StartAsync(provider: tamper);

        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.InvalidToken);
        Assert.Contains(host.RelyingParty.Logs.Entries, e => e.Contains("sign-in failed: invalid_token") && e.Contains(reason));
    }

    [Theory]
    [InlineData("several aud with this client as azp")]
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
            "expired within the clock skew" => payload => payload["exp"] = Now - 60,
            _ => payload => payload["nbf"] = Now + 60,
        };
        await using var host = await OidcTestHost.StartAsync(provider: p => p.EditIdToken = edit);

        OidcAssert.SignedIn(await host.SignInAsync(host.RelyingParty.CreateBrowser()));
    }

    [Fact]
    public async Task RejectIdTokenSignedWithAnAlgorithmTheAppDoesNotAllow()
    {
        await using var host = await OidcTestHost.StartAsync(
            o => o.ValidSigningAlgorithms.Remove("ES256"),
            p => p.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Ec1));

        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.InvalidToken);
    }
}
