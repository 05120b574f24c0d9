using System.Net;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org.Settings;

/// <summary>
/// The settings page over HTTP: rename (the header follows at once), slug change (redirect to the new address in the
/// same mode; the old one is gone), and deleting the organization. Each test makes its own organization.
/// </summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task RefusesRolesWithoutManageSettingsAndHidesTheLink()
    {
        var client = app.ClientFor("acme.localhost", app.Demo.Bob);
        var dashboard = await PageSession.OpenAsync(client, "/");

        Assert.Empty(dashboard.Document.QuerySelectorAll("header a[href='/settings']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.GetAsync("/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.PostAsync("/settings?handler=Rename", new() { ["Name"] = "Bob's" })).StatusCode);
    }

    [Fact]
    public async Task RenamesTheOrganizationAndTheHeaderShowsTheNewNameAtOnce()
    {
        var (slug, page) = await NewOrganizationAsync("localhost", app.Demo.Alice);
        Assert.Equal($"Org {slug}", Text(page.Document, "header .brand")); // the tenant is now cached

        var htmx = await page.PostFormAsync("Rename", new() { ["Name"] = "  Renamed Inc  " }, htmx: true);
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var html = await PageSession.ParseAsync(htmx);
        Assert.Equal("Renamed Inc", Text(html, "#org-name[hx-swap-oob=true]"));
        Assert.Equal("Organization renamed to \"Renamed Inc\".", Text(html, "#flash[hx-swap-oob=true]"));
        Assert.Equal("Renamed Inc", Text(await page.ReloadAsync(), "header .brand"));

        var plain = await page.PostFormAsync("Rename", new() { ["Name"] = "Plainly Renamed" });
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        var after = await page.ReloadAsync();
        Assert.Equal("Plainly Renamed", Text(after, "header .brand"));
        Assert.Equal("Organization renamed to \"Plainly Renamed\".", Text(after, "#flash"));

        var empty = await page.PostFormAsync("Rename", new() { ["Name"] = " " }, htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal("Enter a name.", Text(await PageSession.ParseAsync(empty), "#rename-error"));
    }

    [Theory]
    [InlineData("localhost", false)]
    [InlineData("localhost", true)]
    [InlineData("host", false)]
    [InlineData("host", true)]
    public async Task MovesToTheNewSlugKeepingTheModeAndTheOldSlugAnswers404(string mode, bool htmx)
    {
        var (slug, page) = await NewOrganizationAsync(mode, app.Demo.Alice);
        var moved = TestOrganizations.NewSlug("moved");

        var response = await page.PostFormAsync("Slug", new() { ["NewSlug"] = $" {moved.ToUpperInvariant()} " }, htmx);

        var expected = mode == "host" ? $"http://{moved}.localhost/settings?moved=true" : $"/org/{moved}/settings?moved=true";
        var location = htmx ? response.Headers.GetValues("HX-Redirect").Single() : response.Headers.Location!.OriginalString;
        Assert.Equal(htmx ? HttpStatusCode.NoContent : HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, location);

        var there = mode == "host"
            ? await PageSession.OpenAsync(app.ClientFor($"{moved}.localhost", app.Demo.Alice), "/settings?moved=true")
            : await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Alice), $"/org/{moved}/settings?moved=true");
        Assert.Equal(moved, there.Document.QuerySelector("#NewSlug")!.GetAttribute("value"));
        Assert.Contains("Links with the old URL no longer work.", Text(there.Document, "main"));
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync(page.Path)).StatusCode);
    }

    [Theory]
    [InlineData("", "Enter a URL name.")]
    [InlineData("ab", "Use at least 3 characters.")]
    [InlineData("-bad-", "Use lowercase letters, digits and hyphens, not starting or ending with a hyphen.")]
    [InlineData("has space", "Use lowercase letters, digits and hyphens, not starting or ending with a hyphen.")]
    [InlineData("www", "\"www\" is reserved.")]
    [InlineData("settings", "\"settings\" is reserved.")]
    [InlineData("acme", "\"acme\" is already taken.")]
    [InlineData("(current)", "That is already its URL name.")]
    public async Task RefusesAReservedMalformedOrTakenSlugWithAMessage(string slug, string message)
    {
        var (current, page) = await NewOrganizationAsync("host", app.Demo.Alice);
        slug = slug == "(current)" ? current : slug;

        var htmx = await page.PostFormAsync("Slug", new() { ["NewSlug"] = slug }, htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, htmx.StatusCode);
        Assert.Equal(message, Text(await PageSession.ParseAsync(htmx), "#change-slug #slug-error"));

        var plain = await page.PostFormAsync("Slug", new() { ["NewSlug"] = slug });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var html = await PageSession.ParseAsync(plain);
        Assert.Equal(message, Text(html, "#slug-error"));
        Assert.Equal($"Org {current}", html.QuerySelector("#Name")!.GetAttribute("value")); // the other forms keep their values
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/settings")).StatusCode);
    }

    [Fact]
    public async Task LetsOnlyOwnersDeleteTheOrganization()
    {
        var slug = TestOrganizations.NewSlug("settings");
        await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var admin = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Bob), "/settings");

        Assert.Null(admin.Document.QuerySelector("#delete-organization"));
        Assert.NotNull(admin.Document.QuerySelector("#rename-organization"));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostFormAsync("Delete", new() { ["ConfirmSlug"] = slug }, htmx: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/settings")).StatusCode);
    }

    [Theory]
    [InlineData("host", true, "http://localhost/")]
    [InlineData("localhost", false, "/")]
    public async Task DeletesTheOrganizationOnceItsSlugIsTypedAndReturnsToTheRootDomain(string mode, bool htmx, string root)
    {
        var (slug, page) = await NewOrganizationAsync(mode, app.Demo.Alice, (app.Demo.Bob, Roles.Owner));
        var org = await OrgIdAsync(slug);
        await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Doomed", ["Task"]);

        var wrong = await page.PostFormAsync("Delete", new() { ["ConfirmSlug"] = "not-it" }, htmx);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Equal($"Type \"{slug}\" to confirm.", Text(await PageSession.ParseAsync(wrong), "#delete-error"));

        var response = await page.PostFormAsync("Delete", new() { ["ConfirmSlug"] = slug }, htmx);
        Assert.Equal(root, htmx ? response.Headers.GetValues("HX-Redirect").Single() : response.Headers.Location!.OriginalString);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT (SELECT count(*) FROM organizations WHERE id = $1) + (SELECT count(*) FROM projects WHERE organization_id = $1) " +
            "+ (SELECT count(*) FROM tasks WHERE organization_id = $1) + (SELECT count(*) FROM organization_members WHERE organization_id = $1)",
            org));
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync(page.Path)).StatusCode);
    }

    private async Task<(string Slug, PageSession Page)> NewOrganizationAsync(string mode, Guid actor, params (Guid, string)[] others)
    {
        var slug = TestOrganizations.NewSlug("settings");
        await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, [(actor, Roles.Owner), .. others]);
        var page = mode == "host"
            ? await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", actor), "/settings")
            : await PageSession.OpenAsync(app.ClientFor("localhost", actor), $"/org/{slug}/settings");
        return (slug, page);
    }

    private Task<Guid> OrgIdAsync(string slug) =>
        TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM organizations WHERE slug = $1", slug);

    private static string Text(IParentNode html, string selector) => html.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
