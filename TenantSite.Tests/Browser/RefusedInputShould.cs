using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>
/// In Chromium: an htmx request the server refuses for malformed input shows the server's reason in the flash area
/// (site.js lets that one error answer swap out of band), and the form stays as the user left it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefusedInputShould(BrowserAppFactory app)
{
    [Fact]
    public async Task ShowTheServersReasonInTheFlashAreaAndKeepTheForm()
    {
        var page = await app.NewPageAsync();
        await BrowserAppFactory.Journey(page, "refused-input", async () =>
        {
            await JourneyShould.SignInAsync(page, app.Url("acme.localhost"), "alice");
            var projects = await page.Locator(".project-name").CountAsync();
            await page.EvaluateAsync("() => window.__noReload = true");

            // Typing cannot put a control character into an input; a script or a paste can.
            await page.EvaluateAsync("() => document.querySelector('#create-project input[name=Name]').value = 'Launch\\u0001party'");
            await page.ClickAsync("#create-project button[type=submit]");

            await Expect(page.Locator("#flash .flash.error[role=alert]")).ToContainTextAsync("contains a control character (U+0001)");
            Assert.Equal("Launch\u0001party", await page.InputValueAsync("#create-project input[name=Name]"));
            await Expect(page.Locator(".project-name")).ToHaveCountAsync(projects);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");
        });
    }
}
