using Microsoft.Playwright;
using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>
/// The forms whose answer sends the window to another origin, in Chromium under the app's Content-Security-Policy:
/// form-action also governs the redirects after a submission, so each of these would stop dead on a policy that left
/// out the provider or the other hosts. (<see cref="BrowserAppFactory.Journey"/> fails on any violation.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossOriginFormsShould(BrowserAppFactory app)
{
    [Fact]
    public async Task SignOutFromATenantHostThroughTheProvidersEndSessionPage()
    {
        var page = await app.NewPageAsync();
        await BrowserAppFactory.Journey(page, "sign-out", async () =>
        {
            await JourneyShould.SignInAsync(page, app.Url("acme.localhost"), "alice");
            await page.ClickAsync("header button:text-is('Sign out')");

            await page.WaitForURLAsync(u => u.StartsWith(app.Idp.Issuer + "/session/end", StringComparison.Ordinal));
            await page.ClickAsync("button[name=logout][value=yes]");

            // The provider comes back to the root domain's callback and home; no host has a session any more: acme's pages
            // send the window to the provider's login form.
            await page.WaitForURLAsync(app.Url("localhost"));
            await page.GotoAsync(app.Url("acme.localhost"));
            await Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
            Assert.StartsWith(app.Idp.Issuer, page.Url);
        });
    }

    /// <summary>
    /// With JavaScript off every form is a plain POST answered by a 302, and in host mode three of them go to another
    /// host: onboarding to the new organization's subdomain, a slug change to the new subdomain, deleting the
    /// organization back to the root domain.
    /// </summary>
    [Fact]
    public async Task FollowPlainFormsToAnotherHostWithoutJavaScript()
    {
        var page = await app.NewPageAsync(javaScript: false);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var slug = $"no-script-{suffix}";
        var moved = $"moved-{suffix}";
        await BrowserAppFactory.Journey(page, "no-script-hosts", async () =>
        {
            await JourneyShould.SignInAsync(page, app.Url("localhost", "/onboarding?mode=host"), $"no-script-{suffix}");
            await page.FillAsync("#onboarding input[name=Name]", $"No Script {suffix}");
            await page.FillAsync("#onboarding input[name=Slug]", slug);
            await page.ClickAsync("#onboarding button[type=submit]");
            await page.WaitForURLAsync(app.Url($"{slug}.localhost"));
            await Expect(page.Locator("h1")).ToHaveTextAsync("Projects");

            await page.ClickAsync("header a:text-is('Settings')");
            await page.FillAsync("#change-slug input[name=NewSlug]", moved);
            await page.ClickAsync("#change-slug button[type=submit]");
            await page.WaitForURLAsync(app.Url($"{moved}.localhost", "/settings?moved=true"));
            await Expect(page.Locator(".flash")).ToContainTextAsync("now lives at this address");

            await page.FillAsync("#delete-organization input[name=ConfirmSlug]", moved);
            await page.ClickAsync("#delete-organization button[type=submit]");
            // The root domain; without an organization left, its landing page sends the user on to onboarding.
            await page.WaitForURLAsync(app.Url("localhost", "/onboarding"));
        });
    }
}
