using Microsoft.Playwright;
using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>
/// What a team does every day, in Chromium: sign in through tools/dev-idp, create a project, work its tasks with htmx
/// (no page reloads), switch organizations — in host mode and in path mode.
/// </summary>
public sealed class JourneyTests(BrowserAppFactory app) : IClassFixture<BrowserAppFactory>
{
    [Theory]
    [InlineData("host", "acme.localhost", "/")]
    [InlineData("path", "localhost", "/org/acme")]
    public async Task CreateAProjectAndWorkItsTasksWithoutReloadingThenSwitchToGlobex(string mode, string host, string home)
    {
        var page = await app.NewPageAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync(); // hx-confirm
        await BrowserAppFactory.Journey(page, $"journey-{mode}", async () =>
        {
            await SignInAsync(page, app.Url(host, home), "bob");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Projects");

            var project = $"Journey {mode} {Guid.NewGuid().ToString("N")[..6]}";
            await page.FillAsync("#create-project input[name=Name]", project);
            await page.ClickAsync("#create-project button[type=submit]");
            await Expect(page.Locator(".flash")).ToContainTextAsync("created");
            await page.ClickAsync($"a.project-name:text-is('{project}')");
            await Expect(page.Locator("h1")).ToContainTextAsync(project);
            Assert.StartsWith(app.Url(host, home.TrimEnd('/') + "/projects/"), page.Url); // links keep the mode

            // From here on every change must be an htmx swap: a full load would lose this marker.
            await page.EvaluateAsync("() => window.__noReload = true");
            foreach (var title in new[] { "Draft", "Review" })
            {
                await page.FillAsync("#add-task input[name=Title]", title);
                await page.ClickAsync("#add-task button[type=submit]");
                await Expect(page.Locator(".task-title", new() { HasTextString = title })).ToBeVisibleAsync();
            }
            var draft = page.Locator("li.task", new() { Has = page.Locator(".task-title:text-is('Draft')") });
            await draft.Locator("button.toggle").ClickAsync();
            await Expect(draft).ToHaveAttributeAsync("data-completed", "true");

            var review = page.Locator("li.task", new() { Has = page.Locator(".task-title:text-is('Review')") });
            await review.Locator("summary").ClickAsync();
            await review.Locator("input[name=Title]").FillAsync("Final review");
            await review.Locator("button:text-is('Save')").ClickAsync();
            await Expect(page.Locator(".task-title:text-is('Final review')")).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");
            await BrowserAppFactory.Snapshot(page, $"project-{mode}");

            // The switcher: globex shows none of acme's data.
            await page.ClickAsync("[data-testid=org-switcher] summary");
            await page.ClickAsync("[data-testid=org-switcher] a[data-slug=globex]");
            await Expect(page.Locator("#org-name, .brand").First).ToContainTextAsync("Globex");
            var html = await page.ContentAsync();
            Assert.DoesNotContain(project, html);
            Assert.DoesNotContain("Website relaunch", html);
            Assert.Contains("Hammock district", html);
            Assert.Equal(mode == "host" ? app.Url("globex.localhost") : app.Url("localhost", "/org/globex"), page.Url);
        });
    }

    [Fact]
    public async Task ShowAViewerNoWriteControls()
    {
        var page = await app.NewPageAsync();
        await BrowserAppFactory.Journey(page, "viewer", async () =>
        {
            await SignInAsync(page, app.Url("globex.localhost"), "bob"); // bob is a viewer of globex
            await Expect(page.Locator(".project-name").First).ToBeVisibleAsync();
            await Expect(page.Locator("#create-project")).ToHaveCountAsync(0);
            await Expect(page.Locator("button:text-is('Delete'), summary:text-is('Rename')")).ToHaveCountAsync(0);

            await page.ClickAsync(".project-name >> nth=0");
            await Expect(page.Locator("li.task").First).ToBeVisibleAsync();
            await Expect(page.Locator("#add-task, li.task form")).ToHaveCountAsync(0);
            await BrowserAppFactory.Snapshot(page, "viewer-project");
        });
    }

    internal static async Task SignInAsync(IPage page, string url, string login, string? landsOn = null)
    {
        landsOn ??= url.TrimEnd('/');
        await page.GotoAsync(url);
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(u => u.StartsWith(landsOn, StringComparison.Ordinal) && !u.Contains("/signin"));
    }
}
