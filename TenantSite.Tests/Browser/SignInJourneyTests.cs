using Microsoft.Playwright;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Browser;

/// <summary>Sign-in in a real browser: Chromium, the app on Kestrel, tools/dev-idp.</summary>
public sealed class SignInJourneyTests(BrowserAppFactory app) : IClassFixture<BrowserAppFactory>
{
    [Fact]
    public async Task SignInAtAcmeAndSeeItsDashboard()
    {
        var page = await app.NewPageAsync();
        await BrowserAppFactory.Journey(page, nameof(SignInAtAcmeAndSeeItsDashboard), async () =>
        {
            await page.GotoAsync(app.Url("acme.localhost"));
            await page.FillAsync("input[name=login]", "alice");
            await page.FillAsync("input[name=password]", "any");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForURLAsync(app.Url("acme.localhost"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Projects");
            await Assertions.Expect(page.Locator(".project-name").First).ToBeVisibleAsync();
            await BrowserAppFactory.Snapshot(page, "dashboard");
        });
    }
}
