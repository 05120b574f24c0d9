using Microsoft.Playwright;
using TenantSite.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TenantSite.Tests.Browser;

/// <summary>
/// What a team does every day, in Chromium: sign in through tools/dev-idp, create a project, work its tasks with htmx
/// (no page reloads), switch organizations — in host mode and in path mode; a new user's first day, from the
/// first sign-in through onboarding to the new organization's first tasks; and an invitation, sent and accepted.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JourneyShould(BrowserAppFactory app)
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
                // The answer's flash, not the row: the live update can show the row before the answer replaces the form.
                await Expect(page.Locator(".flash")).ToContainTextAsync($"Task \"{title}\" added.");
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

    /// <summary>
    /// A login name the provider has never seen signs in for the first time, lands on onboarding and creates an
    /// organization: the window goes to its dashboard (cross-host in host mode, where the new host has no session yet),
    /// and everything after that is htmx until the reload shows that it all persisted.
    /// </summary>
    [Theory]
    [InlineData("host")]
    [InlineData("path")]
    public async Task TakeABrandNewUserFromFirstSignInToTheirOrganizationsFirstTasks(string mode)
    {
        var page = await app.NewPageAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await BrowserAppFactory.Journey(page, $"first-day-{mode}", async () =>
        {
            if (mode == "path")
            {
                // The landing page's button; signed in without an organization, the landing page sends on to onboarding.
                await page.GotoAsync(app.Url("localhost"));
                await page.ClickAsync("main a:text-is('Sign in')");
                await LogInAtProviderAsync(page, $"newcomer-{suffix}");
                await page.WaitForURLAsync(app.Url("localhost", "/onboarding"));
            }
            else
            {
                // The switcher's link on a tenant's host, which tells onboarding to stay in host mode.
                await SignInAsync(page, app.Url("localhost", "/onboarding?mode=host"), $"newcomer-{suffix}");
            }
            await Expect(page.Locator("h1")).ToHaveTextAsync("Create an organization");

            // Like a person: type the name, take the suggested URL name once it is confirmed available.
            var name = $"First Day {mode} {suffix}";
            await page.FillAsync("#onboarding input[name=Name]", name);
            await Expect(page.Locator("#slug-status")).ToContainTextAsync("is available");
            var slug = await page.InputValueAsync("#onboarding input[name=Slug]");
            Assert.Equal($"first-day-{mode}-{suffix}", slug);

            await page.EvaluateAsync("() => window.__onboardingPage = true");
            await page.ClickAsync("#onboarding button[type=submit]");
            var dashboard = mode == "host" ? app.Url($"{slug}.localhost") : app.Url("localhost", $"/org/{slug}");
            await page.WaitForURLAsync(dashboard);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Projects");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__onboardingPage === undefined"), "no full navigation");
            await Expect(page.Locator("header.site-header")).ToHaveCountAsync(1);
            await Expect(page.Locator("footer")).ToHaveCountAsync(1);
            await Expect(page.Locator("header .brand")).ToHaveTextAsync(name);

            await page.EvaluateAsync("() => window.__noReload = true");
            await page.FillAsync("#create-project input[name=Name]", "Launch");
            await page.ClickAsync("#create-project button[type=submit]");
            await Expect(page.Locator("a.project-name:text-is('Launch')")).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the dashboard reloaded");

            await page.ClickAsync("a.project-name:text-is('Launch')");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Launch");
            Assert.StartsWith(dashboard.TrimEnd('/') + "/projects/", page.Url);
            await page.EvaluateAsync("() => window.__noReload = true");
            foreach (var title in new[] { "Write the plan", "Ship it" })
            {
                await page.FillAsync("#add-task input[name=Title]", title);
                await page.ClickAsync("#add-task button[type=submit]");
                await Expect(page.Locator(".flash")).ToContainTextAsync($"Task \"{title}\" added."); // the answer (see above)
                await Expect(page.Locator($".task-title:text-is('{title}')")).ToBeVisibleAsync();
            }
            var plan = page.Locator("li.task", new() { Has = page.Locator(".task-title:text-is('Write the plan')") });
            await plan.Locator("button.toggle").ClickAsync();
            await Expect(plan).ToHaveAttributeAsync("data-completed", "true");
            await Expect(page.Locator("#task-count")).ToHaveTextAsync("1 of 2 done");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the project page reloaded");

            await page.ReloadAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Launch");
            await Expect(page.Locator("li.task .task-title")).ToHaveTextAsync(["Write the plan", "Ship it"]);
            await Expect(plan).ToHaveAttributeAsync("data-completed", "true");
            await Expect(page.Locator("li.task", new() { Has = page.Locator(".task-title:text-is('Ship it')") }))
                .ToHaveAttributeAsync("data-completed", "false");
            await Expect(page.Locator("#task-count")).ToHaveTextAsync("1 of 2 done");
        });
    }

    /// <summary>
    /// Consent, in two browsers: an owner invites an address nobody has signed in with yet (htmx, no reload); its owner
    /// signs in for the first time, finds the invitation where onboarding would be, accepts, and lands in the
    /// organization; the owner then sees a member where the invitation was.
    /// </summary>
    [Fact]
    public async Task InviteSomeoneWhoAcceptsOnTheirFirstSignIn()
    {
        var owner = await app.NewPageAsync();
        var invitee = await app.NewPageAsync();
        var login = $"invitee-{Guid.NewGuid().ToString("N")[..6]}";
        await BrowserAppFactory.Journey(owner, "invite-owner", async () =>
        {
            await SignInAsync(owner, app.Url("acme.localhost", "/members"), "alice");
            await owner.EvaluateAsync("() => window.__noReload = true");
            await owner.FillAsync("#invite-member input[name=Email]", $"{login}@example.com");
            await owner.SelectOptionAsync("#invite-member select[name=Role]", "viewer");
            await owner.ClickAsync("#invite-member button[type=submit]");
            await Expect(owner.Locator(".flash")).ToContainTextAsync($"{login}@example.com is invited as viewer");
            // Acme's other invitations (other browser tests') may be listed too: this one is.
            await Expect(owner.Locator("tr.invitation .invitation-email", new() { HasTextString = $"{login}@example.com" })).ToHaveCountAsync(1);
            Assert.True(await owner.EvaluateAsync<bool>("() => window.__noReload === true"), "the members page reloaded");
        });
        await BrowserAppFactory.Journey(invitee, "invite-invitee", async () =>
        {
            await invitee.GotoAsync(app.Url("localhost"));
            await invitee.ClickAsync("main a:text-is('Sign in')");
            await LogInAtProviderAsync(invitee, login);
            await invitee.WaitForURLAsync(app.Url("localhost", "/invitations"));
            await Expect(invitee.Locator("li.invitation p")).ToContainTextAsync("Acme Inc invites you as viewer (from Alice Anderson).");
            await BrowserAppFactory.Snapshot(invitee, "invitation-offer");

            await invitee.ClickAsync("li.invitation button:text-is('Accept')");
            await invitee.WaitForURLAsync(app.Url("localhost", "/org/acme"));
            await Expect(invitee.Locator("h1")).ToHaveTextAsync("Projects");
            await Expect(invitee.Locator(".flash")).ToHaveTextAsync("Welcome to Acme Inc! You joined as viewer.");
        });
        await BrowserAppFactory.Journey(owner, "invite-owner-after", async () =>
        {
            await owner.ReloadAsync();
            await Expect(owner.Locator("tr.member", new() { HasTextString = $"{login}@example.com" })).ToHaveAttributeAsync("data-role", "viewer");
            await Expect(owner.Locator("tr.invitation .invitation-email", new() { HasTextString = $"{login}@example.com" })).ToHaveCountAsync(0);
        });
    }

    internal static async Task SignInAsync(IPage page, string url, string login, string? landsOn = null)
    {
        landsOn ??= url.TrimEnd('/');
        await page.GotoAsync(url);
        await LogInAtProviderAsync(page, login);
        await page.WaitForURLAsync(u => u.StartsWith(landsOn, StringComparison.Ordinal) && !u.Contains("/signin"));
    }

    // The provider's login form, as a person fills it in (the dev provider takes any login name and password).
    private static async Task LogInAtProviderAsync(IPage page, string login)
    {
        await page.FillAsync("input[name=login]", login);
        await page.FillAsync("input[name=password]", "any");
        await page.ClickAsync("button[type=submit]");
    }
}
