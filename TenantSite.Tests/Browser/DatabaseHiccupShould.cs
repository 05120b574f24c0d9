using Microsoft.Playwright;
using Npgsql;
using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>
/// PostgreSQL drops every connection of the app's pool (as a restart does) while a page is open in Chromium: the next
/// htmx action answers 503, whose message the page shows in its flash, with what the user typed still in the form;
/// the click after that works, with nobody clearing anything.
/// </summary>
public sealed class DatabaseHiccupShould(BrowserAppFactory app) : IClassFixture<BrowserAppFactory>
{
    [Fact]
    public async Task ExplainTheFailedActionInTheFlashKeepTheFormAndWorkAtTheNextClick()
    {
        var page = await app.NewPageAsync();
        await BrowserAppFactory.Journey(page, "database-hiccup", async () =>
        {
            await JourneyShould.SignInAsync(page, app.Url("acme.localhost"), "alice");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Projects");
            var project = $"After the hiccup {Guid.NewGuid().ToString("N")[..6]}";
            await page.FillAsync("#create-project input[name=Name]", project);

            await TerminateTheAppsConnectionsAsync();
            await page.ClickAsync("#create-project button[type=submit]");
            await Expect(page.Locator("#flash .flash.error")).ToContainTextAsync("cannot reach its database right now");
            await Expect(page.Locator("#create-project input[name=Name]")).ToHaveValueAsync(project);

            await page.ClickAsync("#create-project button[type=submit]");
            await Expect(page.Locator("#flash .flash")).ToContainTextAsync("created");
            await Expect(page.Locator($"a.project-name:text-is('{project}')")).ToBeVisibleAsync();
        });
    }

    // Only this app's database, and not the sign-out poll's own pool: other test classes' connections live on, and the
    // poll would reconnect within a second and never let the count reach zero. The notification listener goes too, but
    // it connects again by itself, so only the pages' connections are waited for.
    private async Task TerminateTheAppsConnectionsAsync()
    {
        var admin = AdminSources.For(app.AdminConnectionString);
        const string appBackends = "FROM pg_stat_activity WHERE datname = current_database() AND usename = 'tenantsite_app' " +
            "AND application_name NOT LIKE '% background'";
        await using (var terminate = admin.CreateCommand($"SELECT count(pg_terminate_backend(pid)) {appBackends}"))
            await terminate.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        for (var wait = 0; wait < 100; wait++)
        {
            await using var left = admin.CreateCommand(
                $"SELECT count(*) {appBackends} AND application_name IS DISTINCT FROM '{TenantSite.Data.ListenDataSource.ApplicationName}'");
            if ((long)(await left.ExecuteScalarAsync(TestContext.Current.CancellationToken))! == 0) return;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("The app's connections outlived pg_terminate_backend.");
    }
}
