using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

public sealed class OidcKeyRotationShould
{
    [Fact]
    public async Task AcceptAnIdTokenSignedWithANewlyPublishedKey()
    {
        await using var host = await OidcTestHost.StartAsync();
        OidcAssert.SignedIn(await host.SignInAsync(host.RelyingParty.CreateBrowser()));
        Assert.Equal(1, host.Provider.JwksRequests);

        // The provider rotates: rsa-2 replaces rsa-1 and signs from now on; the app still holds rsa-1.
        host.Provider.Settings.PublishedKeys.Remove(TestKey.Rsa1);
        host.Provider.Settings.PublishedKeys.Add(TestKey.Rsa2);
        host.Provider.Settings.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Rsa2);

        OidcAssert.SignedIn(await host.SignInAsync(host.RelyingParty.CreateBrowser()));
        Assert.Equal(2, host.Provider.JwksRequests);
    }

    [Fact]
    public async Task RefreshKeysAtMostOncePerIntervalWhenFloodedWithUnknownKids()
    {
        await using var host = await OidcTestHost.StartAsync(o => o.RefreshInterval = TimeSpan.FromMinutes(1));
        var forgeries = 0;
        host.Provider.Settings.SignIdToken = payload =>
            TestIdTokens.Sign(payload, TestKey.Attacker.WithKid($"unknown-{Interlocked.Increment(ref forgeries)}"));

        for (var i = 0; i < 8; i++)
        {
            OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.InvalidToken);
        }

        Assert.Equal(8, forgeries);
        Assert.Equal(2, host.Provider.JwksRequests); // the first load and one refresh, not one per forgery
    }

    [Fact]
    public async Task PickUpARotationOnceTheRefreshIntervalHasPassed()
    {
        await using var host = await OidcTestHost.StartAsync(o => o.RefreshInterval = TimeSpan.FromSeconds(1));
        host.Provider.Settings.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Attacker.WithKid("not-yet-published"));
        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.InvalidToken);

        // The key appears at the provider, but the app refreshed a moment ago: it must wait its turn.
        host.Provider.Settings.PublishedKeys.Add(TestKey.Rsa2);
        host.Provider.Settings.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Rsa2);
        OidcAssert.RedirectsToError(await host.SignInAsync(host.RelyingParty.CreateBrowser()), OidcErrors.InvalidToken);

        await Task.Delay(TimeSpan.FromSeconds(1.1), TestContext.Current.CancellationToken);
        OidcAssert.SignedIn(await host.SignInAsync(host.RelyingParty.CreateBrowser()));
        Assert.Equal(3, host.Provider.JwksRequests);
    }
}
