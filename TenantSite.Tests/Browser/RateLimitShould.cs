using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>A write over the limit in Chromium: htmx shows the server's message in the flash area, the form keeps its input.</summary>
public sealed class RateLimitShould(WriteLimitedBrowserApp app) : IClassFixture<WriteLimitedBrowserApp>
{
    [Fact]
    public async Task ShowTooManyRequestsInTheFlashAndKeepWhatWasTyped()
    {
        var page = await app.NewPageAsync();
        await BrowserAppFactory.Journey(page, "rate-limit", async () =>
        {
            await JourneyShould.SignInAsync(page, app.Url("acme.localhost"), "alice");
            await page.ClickAsync(".project-name >> nth=0");
            for (var i = 1; i <= WriteLimitedBrowserApp.PerUser; i++)
            {
                await page.FillAsync("#add-task input[name=Title]", $"Limited {i}");
                await page.ClickAsync("#add-task button[type=submit]");
                // The answer's flash, not the row: the live update can show the row before the answer replaces the form.
                await Expect(page.Locator(".flash")).ToContainTextAsync($"Task \"Limited {i}\" added.");
                await Expect(page.Locator($".task-title:text-is('Limited {i}')")).ToBeVisibleAsync();
            }

            await page.FillAsync("#add-task input[name=Title]", "One too many");
            await page.ClickAsync("#add-task button[type=submit]");
            await Expect(page.Locator("#flash .flash.error")).ToContainTextAsync("Too many requests, try again in");
            await Expect(page.Locator("#add-task input[name=Title]")).ToHaveValueAsync("One too many");
            await Expect(page.Locator(".task-title:text-is('One too many')")).ToHaveCountAsync(0);
            await BrowserAppFactory.Snapshot(page, "too-many-requests");
        });
    }
}
