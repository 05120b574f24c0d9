using System.Net;
using TenantSite.Tests.Infrastructure;
using static TenantSite.Tests.Pages.Org.Projects.DetailsShould;

namespace TenantSite.Tests.Pages.Org.Projects;

/// <summary>
/// The project page per role: a viewer (bob in globex) reads but every write is refused with 403 and no write control
/// is shown; a member (bob in acme) writes but does not delete; deleting the project returns to the dashboard.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class DetailsPermissionShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    [Theory]
    [InlineData("Add", false)]
    [InlineData("Toggle", true)]
    [InlineData("Rename", false)]
    [InlineData("Delete", true)]
    [InlineData("DeleteProject", false)]
    public async Task RefusesEveryWriteOfAViewerWith403(string handler, bool htmx)
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Globex, "Viewed", ["Look only"]);
        var page = await PageSession.OpenAsync(app.ClientFor("globex.localhost", app.Demo.Bob), $"/projects/{project}");
        var task = TaskIds(page.Document).Single();

        var response = await page.PostFormAsync(handler, new() { ["Title"] = "Changed" }, htmx, query: $"taskId={task}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Look only:false", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT string_agg(title || ':' || completed, ',') FROM tasks WHERE project_id = $1", project));
    }

    [Fact]
    public async Task ShowsAViewerTheTasksButNoWriteControls()
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Globex, "Viewed", ["Look only"], done: 1);

        var page = await PageSession.OpenAsync(app.ClientFor("globex.localhost", app.Demo.Bob), $"/projects/{project}");

        Assert.Equal(["Look only"], Titles(page.Document));
        Assert.Equal("1 of 1 done", Text(page.Document, "#task-count"));
        Assert.Empty(page.Document.QuerySelectorAll("main form, main button, main input"));
        Assert.Equal(3, page.Document.QuerySelectorAll(".task-filters a").Length); // filtering is reading
    }

    [Fact]
    public async Task LetsAMemberWriteButNotDelete()
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Shared", ["Task"]);
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Bob), $"/projects/{project}");
        var task = TaskIds(page.Document).Single();

        Assert.NotNull(page.Document.QuerySelector("#add-task"));
        Assert.Empty(page.Document.QuerySelectorAll("form[action*='handler=Delete']"));
        Assert.Equal(HttpStatusCode.OK, (await page.PostFormAsync("Toggle", htmx: true, query: $"taskId={task}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostFormAsync("Delete", htmx: true, query: $"taskId={task}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostFormAsync("DeleteProject")).StatusCode);
    }

    [Fact]
    public async Task DeletesTheProjectAndReturnsToTheDashboardWithAFlash()
    {
        var viaHtmx = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Doomed", ["Gone too"]);
        var viaForm = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Also doomed", []);
        var client = app.ClientFor("acme.localhost", app.Demo.Alice);
        var page = await PageSession.OpenAsync(client, $"/projects/{viaHtmx}");

        var htmx = await page.PostFormAsync("DeleteProject", htmx: true);
        Assert.Equal(HttpStatusCode.NoContent, htmx.StatusCode);
        Assert.Equal("/", htmx.Headers.GetValues("HX-Redirect").Single());
        var dashboard = await PageSession.OpenAsync(client, "/");
        Assert.Equal("Project \"Doomed\" deleted.", Text(dashboard.Document, "#flash"));
        Assert.DoesNotContain("Doomed", dashboard.Document.QuerySelectorAll(".project-name").Select(e => e.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/projects/{viaHtmx}")).StatusCode);

        var other = await PageSession.OpenAsync(client, $"/projects/{viaForm}");
        var plain = await other.PostFormAsync("DeleteProject");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal("/", plain.Headers.Location!.OriginalString);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM projects WHERE id = ANY($1)", new[] { viaHtmx, viaForm }));
    }
}
