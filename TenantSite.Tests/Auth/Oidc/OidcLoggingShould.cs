using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcLoggingShould
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Runs sign-ins that succeed and fail in different places with everything logged at Trace, then
    /// looks for every id_token, access token, code_verifier and the client secret in the captured logs.
    /// </summary>
    [Theory]
    [InlineData("success with userinfo and sign-out")]
    [InlineData("bad signature")]
    [InlineData("expired")]
    [InlineData("token endpoint error")]
    [InlineData("userinfo about another subject")]
    [InlineData("rejected by the app")]
    [InlineData("app event throws")]
    public async Task NeverLogTokensOrSecrets(string scenario)
    {
        await using var host = await OidcTestHost.StartAsync(
            o =>
            {
                o.GetClaimsFromUserInfoEndpoint = true;
                // Even a careless app that quotes the token in its failure must not leak it through the handler.
                if (scenario == "rejected by the app")
                {
                    o.Events.OnTokenValidated = context =>
                    {
                        context.Fail($"rejected {context.IdToken.EncodedToken}");
                        return Task.CompletedTask;
                    };
                }
                if (scenario == "app event throws")
                {
                    o.Events.OnTokenValidated = context => throw new InvalidOperationException($"bad {context.IdToken.EncodedToken}");
                }
            },
            p =>
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
        var browser = host.RelyingParty.CreateBrowser();

        using var callback = await host.SignInAsync(browser);
        if (scenario.StartsWith("success", StringComparison.Ordinal))
        {
            OidcAssert.SignedIn(callback);
            using var signOut = await browser.GetAsync("/signout", Cancel);
        }
        else
        {
            Assert.StartsWith("/signin/error?", callback.Headers.Location?.OriginalString);
        }

        Assert.True(host.Provider.Secrets.Count >= 2, "the scenario should have produced secrets to look for");
        host.RelyingParty.Logs.AssertNoneContains(host.Provider.Secrets);
    }
}
