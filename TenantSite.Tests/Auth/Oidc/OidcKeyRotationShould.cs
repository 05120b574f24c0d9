using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// The handler asks for fresh keys (at most once per refresh interval) when an id_token names an unknown key, and the
/// app goes round the provider once more, silently, so a sign-in during a key rotation still succeeds.
/// </summary>
public sealed class OidcKeyRotationShould(PostgresServer postgres)
{
    [Fact]
    public async Task AcceptAnIdTokenSignedWithANewlyPublishedKey()
    {
        await using var host = await OidcTestHost.StartAsync(postgres);
        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));
        Assert.Equal(1, host.Provider.JwksRequests);

        // The provider rotates: rsa-2 replaces rsa-1 and signs from now on; the app still holds rsa-1.
        host.Provider.Settings.PublishedKeys.Remove(TestKey.Rsa1);
        host.Provider.Settings.PublishedKeys.Add(TestKey.Rsa2);
        host.Provider.Settings.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Rsa2);

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));
        Assert.Equal(2, host.Provider.JwksRequests);
    }

    [Fact]
    public async Task RefreshKeysAtMostOncePerIntervalWhenFloodedWithUnknownKids()
    {
        await using var host = await OidcTestHost.StartAsync(postgres, o => o.RefreshInterval = TimeSpan.FromMinutes(1));
        var forgeries = 0;
        host.Provider.Settings.SignIdToken = payload =>
            TestIdTokens.Sign(payload, TestKey.Attacker.WithKid($"unknown-{Interlocked.Increment(ref forgeries)}"));

        for (var i = 0; i < 8; i++)
        {
            OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "invalid_token");
        }

        Assert.Equal(16, forgeries); // each sign-in goes round twice: the attempt and its one silent retry
        Assert.Equal(2, host.Provider.JwksRequests); // the first load and one refresh, not one per forgery
    }

    [Fact]
    public async Task PickUpARotationOnceTheRefreshIntervalHasPassed()
    {
        var interval = TimeSpan.FromSeconds(5); // long enough that a loaded CI machine makes the second step within it
        await using var host = await OidcTestHost.StartAsync(postgres, o => o.RefreshInterval = interval);
        host.Provider.Settings.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Attacker.WithKid("not-yet-published"));
        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "invalid_token");

        // The key appears at the provider, but the app refreshed a moment ago: it must wait its turn.
        host.Provider.Settings.PublishedKeys.Add(TestKey.Rsa2);
        host.Provider.Settings.SignIdToken = payload => TestIdTokens.Sign(payload, TestKey.Rsa2);
        OidcAssert.RedirectsToError(await host.SignInAsync(host.CreateBrowser()), "invalid_token");

        await Task.Delay(interval + TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));
        Assert.Equal(3, host.Provider.JwksRequests);
    }
}
