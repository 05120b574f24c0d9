using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcLoggingShould(OidcHosts hosts) : IClassFixture<OidcHosts>
{
    /// <summary>
    /// Runs sign-ins that succeed and fail in different places with everything logged at Trace, then looks for every
    /// id_token, access token, code_verifier and the client secret in the captured logs.
    /// </summary>
    [Theory]
    [InlineData("success with userinfo and sign-out")]
    [InlineData("bad signature")]
    [InlineData("expired")]
    [InlineData("token endpoint error")]
    [InlineData("userinfo about another subject")]
    public async Task NeverLogTokensOrSecrets(string scenario)
    {
        await using var host = await hosts.StartAsync(provider: p =>
        {
            switch (scenario)
            {
                case "bad signature":
                    p.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Attacker.WithKid("rsa-1"));
                    break;
                case "expired":
                    p.EditIdToken = payload => payload["exp"] = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
                    break;
                case "token endpoint error":
                    p.FailTokenEndpoint = true;
                    break;
                case "userinfo about another subject":
                    p.UserInfo = _ => new() { ["sub"] = "other" };
                    break;
            }
        });
        var browser = host.CreateBrowser("http://localhost");

        using var callback = await host.SignInAsync(browser);
        if (scenario.StartsWith("success", StringComparison.Ordinal))
        {
            OidcAssert.SignedIn(callback);
            using var signOut = await OidcTestHost.SignOutAsync(browser);
        }
        else
        {
            Assert.StartsWith("/signin/error?", callback.Headers.Location?.OriginalString);
        }

        Assert.True(host.Provider.Secrets.Count >= 2, "the scenario should have produced secrets to look for");
        host.Logs.AssertNoneContains(host.Provider.Secrets);
    }
}
