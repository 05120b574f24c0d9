using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org;

/// <summary>The dashboard's handlers, as htmx sends them and as plain forms (JavaScript off).</summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class IndexHandlersShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private async Task<PageSession> Dashboard() => await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");

    [Fact]
    public async Task CreateAProjectAndAnswerHtmxWithTheListAndAnOutOfBandFlash()
    {
        var page = await Dashboard();
        var response = await page.PostFormAsync("Create", new() { ["Name"] = "  Launch party  " }, htmx: true);
        var fragment = await PageSession.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.Contains(fragment.QuerySelectorAll(".project-name"), e => e.TextContent == "Launch party");
        Assert.Equal("true", fragment.QuerySelector("#flash")?.GetAttribute("hx-swap-oob"));
    }

    [Fact]
    public async Task CreateAProjectWithoutJavaScriptAndRedirectBack()
    {
        var page = await Dashboard();
        var response = await page.PostFormAsync("Create", new() { ["Name"] = "No-JS project" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var reloaded = await page.ReloadAsync();
        Assert.Contains(reloaded.QuerySelectorAll(".project-name"), e => e.TextContent == "No-JS project");
        Assert.Contains("created", reloaded.QuerySelector(".flash")!.TextContent);
    }

    [Theory]
    [InlineData("", "Enter a project name.")]
    [InlineData("   ", "Enter a project name.")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "at most 100")]
    public async Task AnswerABadNameWith422AndTheMessageInPlaceKeepingTheList(string name, string message)
    {
        var page = await Dashboard();
        var htmx = await page.PostFormAsync("Create", new() { ["Name"] = name }, htmx: true);
        var fragment = await PageSession.ParseAsync(htmx);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, htmx.StatusCode);
        Assert.Contains(message, fragment.QuerySelector("#create-error")!.TextContent);
        Assert.NotEmpty(fragment.QuerySelectorAll(".project-name")); // nothing saved is lost from view
        FormAssert.RefusedAsTyped(fragment, "#create-project input[name=Name]", name, "create-error", 100);

        var plain = await page.PostFormAsync("Create", new() { ["Name"] = name });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var plainPage = await PageSession.ParseAsync(plain);
        Assert.Contains(message, plainPage.QuerySelector("#create-error")!.TextContent);
        FormAssert.RefusedAsTyped(plainPage, "#create-project input[name=Name]", name, "create-error", 100);
    }

    [Fact]
    public async Task RenameAProjectAndAnswerHtmxWithItsRow()
    {
        var id = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Old name", []);
        var page = await Dashboard();
        var response = await page.PostFormAsync("Rename", new() { ["Name"] = "New name" }, htmx: true, query: $"id={id}");
        var row = await PageSession.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"project-{id}", row.QuerySelector("tr")!.Id);
        Assert.Equal("New name", row.QuerySelector(".project-name")!.TextContent);
    }

    // The rename form is the row's own: a refused name reopens it with what was typed and why, never the create form.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnswerARefusedRenameWith422InItsRowKeepingTheName(bool htmx)
    {
        var id = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Named", []);
        var page = await Dashboard();

        var response = await page.PostFormAsync("Rename", new() { ["Name"] = "   " }, htmx, query: $"id={id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await PageSession.ParseAsync(response);
        Assert.Equal("Enter a project name.", html.QuerySelector($"#project-{id} .field-error")!.TextContent.Trim());
        Assert.Equal("true", html.QuerySelector($"#project-{id} input[name=Name]")!.GetAttribute("aria-invalid"));
        if (!htmx) Assert.Equal("", html.QuerySelector("#create-error")!.TextContent.Trim());
        Assert.Equal("Named", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString, "SELECT name FROM projects WHERE id = $1", id));
    }

    [Fact]
    public async Task DeleteAProjectAndItsTasks()
    {
        var id = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, "Doomed", ["a", "b"]);
        var page = await Dashboard();
        var response = await page.PostFormAsync("Delete", htmx: true, query: $"id={id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks WHERE project_id = $1", id));
    }

    [Fact]
    public async Task AnswerAnotherTenantsProjectIdWith404AndChangeNothing()
    {
        var globexProject = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM projects WHERE name = 'Hammock district'");
        var page = await Dashboard();

        Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("Rename", new() { ["Name"] = "x" }, htmx: true, query: $"id={globexProject}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("Delete", htmx: true, query: $"id={globexProject}")).StatusCode);
        Assert.Equal("Hammock district", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString, "SELECT name FROM projects WHERE id = $1", globexProject));
    }

    [Fact]
    public async Task RefuseAPostWithoutTheAntiforgeryToken()
    {
        var client = app.ClientFor("acme.localhost", app.Demo.Alice);
        var response = await client.PostAsync("/?handler=Create", new FormUrlEncodedContent([new("Name", "forged")]), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
