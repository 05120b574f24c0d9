using System.Text.Json;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Browser;

/// <summary>axe-core (from npm, tools/browser-tests) on the main pages: no serious or critical violations.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityShould(BrowserAppFactory app)
{
    private static readonly string Axe = File.ReadAllText(
        Path.Combine(DevIdp.RepositoryRoot(), "tools", "browser-tests", "node_modules", "axe-core", "axe.min.js"));

    [Theory]
    [InlineData("landing", "localhost", "/", null)]
    [InlineData("dashboard", "acme.localhost", "/", "alice")]
    [InlineData("project", "acme.localhost", "/#first-project", "alice")]
    [InlineData("members", "acme.localhost", "/members", "alice")]
    [InlineData("settings", "acme.localhost", "/settings", "alice")]
    [InlineData("billing", "acme.localhost", "/billing", "alice")]
    [InlineData("activity", "acme.localhost", "/activity", "alice")]
    [InlineData("settings-new-key", "acme.localhost", "/settings", "alice")]
    [InlineData("onboarding", "localhost", "/onboarding", "alice")]
    [InlineData("invitations", "localhost", "/invitations", "dave")]
    [InlineData("members-new-link", "acme.localhost", "/members", "alice")]
    [InlineData("join", "localhost", "/join", "dave")]
    public async Task FindNoSeriousOrCriticalViolations(string name, string host, string path, string? login)
    {
        if (name == "join")
        {
            // An invitation link to an organization dave is not in, as whoever opens it signed in sees it.
            var slug = TestOrganizations.NewSlug("axe");
            var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Carol, "owner"));
            var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, org, "someone@example.com", "member", app.Demo.Carol);
            path = $"/join/{slug}/{token}";
        }
        if (name == "invitations")
            await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, app.Demo.Acme, "dave@example.com", "member", app.Demo.Alice);
        if (name == "settings")
        {
            // The API keys' table with both states.
            await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, "member", "Nightly sync", app.Demo.Alice);
            await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, "viewer", "Old reader", app.Demo.Alice,
                TimeSpan.FromDays(1));
        }
        // Signed in once per login for the whole class: these tests are about the pages, JourneyShould is about signing in.
        var page = login is null ? await app.NewPageAsync() : await app.NewSignedInPageAsync(login);
        await BrowserAppFactory.Journey(page, $"axe-{name}", async () =>
        {
            await page.GotoAsync(app.Url(host, path == "/#first-project" ? "/" : path));
            if (path == "/#first-project") await page.ClickAsync(".project-name >> nth=0");
            if (name == "members-new-link")
            {
                // The state right after inviting without a mail server (through htmx): the link shown once, to copy.
                await page.FillAsync("#Email", $"axe-{Guid.NewGuid():N}@example.com");
                await page.ClickAsync("#invite-member button[type=submit]");
                await page.WaitForSelectorAsync("#invitation-link button[data-copy]:not([hidden])");
            }
            if (name == "settings-new-key")
            {
                // The state right after creating a key (through htmx): the key shown once, with its copy button.
                await page.FillAsync("#KeyName", "Accessibility check");
                await page.ClickAsync("#create-api-key button[type=submit]");
                await page.WaitForSelectorAsync("#new-key");
                await page.WaitForSelectorAsync("#new-api-key button[data-copy]:not([hidden])");
            }
            await page.WaitForLoadStateAsync();

            // Evaluated through the driver, which the page's Content-Security-Policy does not govern; an inline
            // <script> with axe would be refused, as it should be.
            await page.EvaluateAsync(Axe);
            var json = await page.EvaluateAsync<JsonElement>(
                "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations" +
                ".filter(v => v.impact === 'serious' || v.impact === 'critical')" +
                ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
            await BrowserAppFactory.Snapshot(page, name);
            Assert.Empty(json.EnumerateArray().Select(v => v.GetString()));
        });
    }
}
