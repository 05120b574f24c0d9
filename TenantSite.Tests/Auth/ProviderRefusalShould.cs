using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// A provider that refuses the sign-in before the browser ever leaves (here: its pushed authorization request, for a
/// redirect URI it does not know) ends on the sign-in error page with its reason, not in a 500.
/// </summary>
public sealed class ProviderRefusalShould(ProviderRefusalShould.UnregisteredApp app) : IClassFixture<ProviderRefusalShould.UnregisteredApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EndOnTheErrorPageWhenThePushedAuthorizationRequestIsRefused()
    {
        var client = app.ClientFor("localhost");

        using var response = await client.GetAsync("/signin?returnUrl=%2Fonboarding&interactive=true", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        // oidc-provider's code for a redirect URI it does not know, passed through.
        Assert.StartsWith("/signin/error?error=invalid_request&", location);
        using var page = await client.GetAsync(location, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("could not be accepted", await page.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The app as a client whose only registered URIs are another origin's (a misconfigured provider).</summary>
    public sealed class UnregisteredApp(PostgresServer postgres, DevIdp idp)
        : TenantSiteFactory(postgres, new ProviderSignIn(idp, "elsewhere-" + Guid.NewGuid().ToString("N")[..12]))
    {
        public override async ValueTask InitializeAsync()
        {
            await Idp.RegisterClientAsync(Part<ProviderSignIn>().ClientId, "http://localhost:9");
            await base.InitializeAsync();
        }
    }
}
