using Microsoft.Playwright;
using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>
/// Live updates in Chromium: two browser profiles, alice on acme's subdomain and bob under /org/acme, on one page. What
/// one of them changes appears on the other's page within a few seconds, without a reload, and never over what the
/// other is typing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveUpdatesShould(BrowserAppFactory app)
{
    // Playwright's assertions poll until this long: the change arrives within about a second.
    private static readonly LocatorAssertionsToBeVisibleOptions Soon = new() { Timeout = 5_000 };

    private static Task MarkAsync(IPage page) => page.EvaluateAsync("() => window.__noReload = true");

    private static async Task AssertNotReloadedAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");

    private Task<List<object?[]>> AsAliceAsync(string sql, params object[] args) =>
        Sql.QueryAsync(app.RuntimeDataSource, app.Demo.Acme, app.Demo.Alice, sql, args);

    private static ILocator Task(IPage page, string title) =>
        page.Locator("li.task", new() { Has = page.Locator($".task-title:text-is('{title}')") });

    [Fact]
    public async Task ShowATeammatesChangesToProjectsAndTasksWithoutAReload()
    {
        var alice = await app.NewPageAsync();
        var bob = await app.NewPageAsync();
        alice.Dialog += (_, dialog) => dialog.AcceptAsync(); // hx-confirm
        await BrowserAppFactory.Journey(bob, "live-bob", async () =>
        {
            await JourneyShould.SignInAsync(alice, app.Url("acme.localhost"), "alice");
            await JourneyShould.SignInAsync(bob, app.Url("localhost", "/org/acme"), "bob");
            await MarkAsync(bob);

            // The dashboard: alice creates a project, bob's list shows it.
            var project = $"Live {Guid.NewGuid().ToString("N")[..6]}";
            await alice.FillAsync("#create-project input[name=Name]", project);
            await alice.ClickAsync("#create-project button[type=submit]");
            await Expect(bob.Locator($"a.project-name:text-is('{project}')")).ToBeVisibleAsync(Soon);
            await AssertNotReloadedAsync(bob);

            // Both on the project's page.
            await alice.ClickAsync($"a.project-name:text-is('{project}')");
            await bob.ClickAsync($"a.project-name:text-is('{project}')");
            await Expect(bob.Locator("h1")).ToContainTextAsync(project);
            await MarkAsync(bob);
            // What bob is typing into his own add form stays.
            await bob.FillAsync("#add-task input[name=Title]", "bob is typing");

            await alice.FillAsync("#add-task input[name=Title]", "Live draft");
            await alice.ClickAsync("#add-task button[type=submit]");
            await Expect(Task(bob, "Live draft")).ToBeVisibleAsync(Soon);
            await Expect(bob.Locator("#task-count")).ToHaveTextAsync("0 of 1 done");

            await Task(alice, "Live draft").Locator("button.toggle").ClickAsync();
            await Expect(Task(bob, "Live draft")).ToHaveAttributeAsync("data-completed", "true");
            await Expect(bob.Locator("#task-count")).ToHaveTextAsync("1 of 1 done");

            await Task(alice, "Live draft").Locator("summary").ClickAsync();
            await Task(alice, "Live draft").Locator("input[name=Title]").FillAsync("Live final");
            await Task(alice, "Live draft").Locator("button:text-is('Save')").ClickAsync();
            await Expect(Task(bob, "Live final")).ToBeVisibleAsync(Soon);

            await Task(alice, "Live final").Locator("button:text-is('Delete')").ClickAsync();
            await Expect(bob.Locator("li.task")).ToHaveCountAsync(0);
            await Expect(bob.Locator("#task-count")).ToHaveTextAsync("0 of 0 done");

            // A rename from elsewhere (here straight into the database, as the runtime role) retitles the open page.
            await Sql.QueryAsync(app.RuntimeDataSource, app.Demo.Acme, app.Demo.Alice,
                "UPDATE projects SET name = $1 WHERE name = $2", project + " renamed", project);
            await Expect(bob.Locator("h1")).ToHaveTextAsync(project + " renamed");

            Assert.Equal("bob is typing", await bob.InputValueAsync("#add-task input[name=Title]"));
            await AssertNotReloadedAsync(bob);
        });
        PolicyViolations.AssertNone(alice);
    }

    [Fact]
    public async Task KeepARenameOpenedWhileAnUpdateWasOnItsWay()
    {
        var alice = await app.NewSignedInPageAsync("alice");
        await BrowserAppFactory.Journey(alice, "live-in-flight", async () =>
        {
            var project = (Guid)(await AsAliceAsync(
                "INSERT INTO projects (organization_id, name) VALUES ($1, 'In flight') RETURNING id", app.Demo.Acme))[0][0]!;
            await AsAliceAsync("INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, 'Rename me')", app.Demo.Acme, project);
            await alice.GotoAsync(app.Url("localhost", $"/org/acme/projects/{project}"));
            await MarkAsync(alice);

            // The list's fetch is held on its way until alice has opened a rename and typed.
            var requested = new TaskCompletionSource();
            var release = new TaskCompletionSource();
            await alice.RouteAsync(url => url.Contains("handler=Rows"), async route =>
            {
                requested.TrySetResult();
                await release.Task;
                await route.ContinueAsync();
            });
            await AsAliceAsync("INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, 'Added elsewhere')", app.Demo.Acme, project);
            await requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
            var first = alice.Locator("li.task").First;
            await first.Locator("summary").ClickAsync();
            await first.Locator("input[name=Title]").FillAsync("Renamed in flight");
            var answered = alice.WaitForResponseAsync(response => response.Url.Contains("handler=Rows"));
            release.SetResult();
            await answered;

            // The answer was dropped rather than swapped over her form; once she saves, the list catches up.
            await Expect(alice.Locator("ul.tasks[data-live-stale]")).ToHaveCountAsync(1);
            Assert.Equal("Renamed in flight", await first.Locator("input[name=Title]").InputValueAsync());
            await first.Locator("button:text-is('Save')").ClickAsync();
            await Expect(Task(alice, "Renamed in flight")).ToBeVisibleAsync(Soon);
            await Expect(Task(alice, "Added elsewhere")).ToBeVisibleAsync(Soon);
            await AssertNotReloadedAsync(alice);
        });
    }

    [Fact]
    public async Task HoldALiveUpdateBackWhileARenameIsOpen()
    {
        var alice = await app.NewPageAsync();
        var carol = await app.NewPageAsync();
        await BrowserAppFactory.Journey(carol, "live-rename", async () =>
        {
            // Two people in globex: carol (owner) and alice, who joins it here as a member.
            await using (var admin = Npgsql.NpgsqlDataSource.Create(app.AdminConnectionString))
                await Sql.QueryWithoutTenantAsync(admin,
                    "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member') ON CONFLICT DO NOTHING",
                    app.Demo.Globex, app.Demo.Alice);
            await JourneyShould.SignInAsync(carol, app.Url("globex.localhost"), "carol");
            await JourneyShould.SignInAsync(alice, app.Url("globex.localhost"), "alice");
            await carol.ClickAsync(".project-name >> nth=0");
            await alice.GotoAsync(carol.Url);
            await MarkAsync(carol);

            // carol opens a rename and types; alice adds a task meanwhile.
            var first = carol.Locator("li.task").First;
            var title = await first.Locator(".task-title").TextContentAsync();
            await first.Locator("summary").ClickAsync();
            await first.Locator("input[name=Title]").FillAsync("Renamed by carol");
            await alice.FillAsync("#add-task input[name=Title]", "Added while carol renames");
            await alice.ClickAsync("#add-task button[type=submit]");
            await Expect(Task(alice, "Added while carol renames")).ToBeVisibleAsync(Soon);

            // Her form stays as she left it (a fetch would have closed it), until she saves; then the list catches up.
            await Expect(carol.Locator("ul.tasks[data-live-stale]")).ToHaveCountAsync(1); // the update came and was held
            await Expect(Task(carol, "Added while carol renames")).ToHaveCountAsync(0);
            Assert.Equal("Renamed by carol", await first.Locator("input[name=Title]").InputValueAsync());
            await first.Locator("button:text-is('Save')").ClickAsync();
            await Expect(Task(carol, "Renamed by carol")).ToBeVisibleAsync(Soon);
            await Expect(Task(carol, "Added while carol renames")).ToBeVisibleAsync(Soon);
            await AssertNotReloadedAsync(carol);
            Assert.NotEqual("Renamed by carol", title);
        });
        PolicyViolations.AssertNone(alice);
    }
}
