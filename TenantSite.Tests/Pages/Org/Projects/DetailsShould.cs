using System.Net;
using AngleSharp.Dom;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org.Projects;

/// <summary>
/// The project page over HTTP: task changes by htmx (fragment, counter and flash out of band, 422 on invalid input)
/// and by plain forms (redirect with a flash), filters, and the tenant and role boundaries. Each test makes its own
/// project, so the tests sharing this class's database never depend on their order.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class DetailsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    [Theory]
    [InlineData("acme.localhost", "")]
    [InlineData("localhost", "/org/acme")]
    public async Task ShowsTheTasksOldestFirstWithADoneCounterInBothModes(string host, string basePath)
    {
        var project = await NewProjectAsync(["Draft", "Review", "Ship"], done: 1);

        var page = await PageSession.OpenAsync(app.ClientFor(host, app.Demo.Alice), $"{basePath}/projects/{project}");

        Assert.Equal(["Draft", "Review", "Ship"], Titles(page.Document));
        Assert.Equal("1 of 3 done", Text(page.Document, "#task-count"));
        Assert.Equal($"{basePath}/", page.Document.QuerySelector("nav[aria-label=Breadcrumb] a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AddsATaskForHtmxAnsweringTheListWithCounterAndFlashOutOfBand()
    {
        var page = await OpenAsync(app.Demo.Alice, await NewProjectAsync(["Existing"]));

        var response = await page.PostFormAsync("Add", new() { ["Title"] = "  Write tests  " }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await PageSession.ParseAsync(response);
        Assert.Null(html.QuerySelector("header")); // a fragment, not a page
        Assert.Equal(["Existing", "Write tests"], Titles(html));
        Assert.Equal("0 of 2 done", Text(html, "#task-count[hx-swap-oob=true]"));
        Assert.Equal("Task \"Write tests\" added.", Text(html, "#flash[hx-swap-oob=true]"));
        Assert.Equal("", html.QuerySelector("#add-task input[name=Title]")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task AddsATaskFromAPlainFormAndRedirectsBackWithAFlash()
    {
        var project = await NewProjectAsync([]);
        var page = await OpenAsync(app.Demo.Alice, project);

        var response = await page.PostFormAsync("Add", new() { ["Title"] = "No JavaScript" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/projects/{project}", response.Headers.Location!.OriginalString);
        var after = await page.ReloadAsync();
        Assert.Equal("Task \"No JavaScript\" added.", Text(after, "#flash"));
        Assert.Equal(["No JavaScript"], Titles(after));
    }

    [Theory]
    [InlineData("", 1, "Enter a task title.")]
    [InlineData(" ", 3, "Enter a task title.")]
    [InlineData("x", 201, "Use at most 200 characters.")]
    public async Task RefusesAnEmptyOrTooLongTitleWith422AndTheMessageInPlace(string chunk, int repeat, string message)
    {
        var title = string.Concat(Enumerable.Repeat(chunk, repeat));
        var project = await NewProjectAsync(["Keep me"]);
        var page = await OpenAsync(app.Demo.Alice, project);
        var taskId = TaskIds(page.Document).Single();

        var add = await page.PostFormAsync("Add", new() { ["Title"] = title }, htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, add.StatusCode);
        var addForm = await PageSession.ParseAsync(add);
        Assert.Equal(message, Text(addForm, "#add-error"));
        FormAssert.RefusedAsTyped(addForm, "#add-task input[name=Title]", title, "add-error", 200);

        var plain = await page.PostFormAsync("Add", new() { ["Title"] = title });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
        var plainPage = await PageSession.ParseAsync(plain);
        Assert.NotNull(plainPage.QuerySelector("header"));
        Assert.Equal(message, Text(plainPage, "#add-error"));
        FormAssert.RefusedAsTyped(plainPage, "#add-task input[name=Title]", title, "add-error", 200);

        var rename = await page.PostFormAsync("Rename", new() { ["Title"] = title }, htmx: true, query: $"taskId={taskId}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rename.StatusCode);
        var row = (await PageSession.ParseAsync(rename)).QuerySelector($"#task-{taskId}")!;
        Assert.Equal(message, row.QuerySelector(".field-error")!.TextContent.Trim());
        Assert.True(row.QuerySelector("details.rename")!.HasAttribute("open"));

        var plainRename = await page.PostFormAsync("Rename", new() { ["Title"] = title }, query: $"taskId={taskId}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plainRename.StatusCode);
        var renamePage = await PageSession.ParseAsync(plainRename);
        Assert.Equal(message, Text(renamePage, $"#task-{taskId} .field-error"));
        Assert.Equal("", Text(renamePage, "#add-error")); // the add form shares the field name, not the error
        Assert.Null(renamePage.QuerySelector("#add-task input[name=Title]")!.GetAttribute("aria-invalid"));

        Assert.Equal(["Keep me"], Titles(await page.ReloadAsync()));
    }

    [Fact]
    public async Task TogglesATaskDoneAndOpenAgainUpdatingTheCounter()
    {
        var project = await NewProjectAsync(["First", "Second"]);
        var page = await OpenAsync(app.Demo.Alice, project);
        var first = TaskIds(page.Document)[0];

        var done = await page.PostFormAsync("Toggle", htmx: true, query: $"taskId={first}");

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var html = await PageSession.ParseAsync(done);
        Assert.Equal("true", html.QuerySelector($"li#task-{first}")!.GetAttribute("data-completed"));
        Assert.NotNull(html.QuerySelector($"li#task-{first} .task-title.done"));
        Assert.Equal("1 of 2 done", Text(html, "#task-count[hx-swap-oob=true]"));
        Assert.Equal("\"First\" done.", Text(html, "#flash[hx-swap-oob=true]"));

        var reopened = await page.PostFormAsync("Toggle", query: $"taskId={first}");
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        Assert.Equal("0 of 2 done", Text(await page.ReloadAsync(), "#task-count"));
    }

    [Fact]
    public async Task RenamesATaskInPlaceOrByPlainForm()
    {
        var project = await NewProjectAsync(["Old title"]);
        var page = await OpenAsync(app.Demo.Alice, project);
        var task = TaskIds(page.Document).Single();

        var htmx = await page.PostFormAsync("Rename", new() { ["Title"] = "New title" }, htmx: true, query: $"taskId={task}");
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var html = await PageSession.ParseAsync(htmx);
        Assert.Equal(["New title"], Titles(html));
        Assert.Equal("Task renamed to \"New title\".", Text(html, "#flash[hx-swap-oob=true]"));

        var plain = await page.PostFormAsync("Rename", new() { ["Title"] = "Newer title" }, query: $"taskId={task}&filter=open");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal($"/projects/{project}?filter=open", plain.Headers.Location!.OriginalString);
        Assert.Equal(["Newer title"], Titles(await page.ReloadAsync()));
    }

    [Fact]
    public async Task DeletesATaskRemovingItsRowAndUpdatingTheCounter()
    {
        var project = await NewProjectAsync(["Goner", "Stayer"], done: 1);
        var page = await OpenAsync(app.Demo.Alice, project);
        var (goner, stayer) = (TaskIds(page.Document)[0], TaskIds(page.Document)[1]);

        var htmx = await page.PostFormAsync("Delete", htmx: true, query: $"taskId={goner}");
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var html = await PageSession.ParseAsync(htmx);
        Assert.Empty(html.QuerySelectorAll("li.task")); // swapped with nothing: the row goes
        Assert.Equal("0 of 1 done", Text(html, "#task-count[hx-swap-oob=true]"));

        var plain = await page.PostFormAsync("Delete", query: $"taskId={stayer}");
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        var after = await page.ReloadAsync();
        Assert.Empty(Titles(after));
        Assert.Equal("No tasks yet.", Text(after, ".when-no-tasks"));
    }

    [Theory]
    [InlineData("open", new[] { "B", "C" })]
    [InlineData("done", new[] { "A" })]
    [InlineData("all", new[] { "A", "B", "C" })]
    [InlineData("nonsense", new[] { "A", "B", "C" })]
    public async Task FiltersOpenAndDoneTasksAsAPageAndAsAnHtmxFragment(string filter, string[] expected)
    {
        var project = await NewProjectAsync(["A", "B", "C"], done: 1);
        var page = await OpenAsync(app.Demo.Alice, project);

        var full = await page.ReloadAsync($"filter={filter}");
        Assert.Equal(expected, Titles(full));
        var current = filter is "open" or "done" ? filter : "all";
        Assert.Equal(current, full.QuerySelector(".task-filters a[aria-current=page]")!.GetAttribute("data-filter"));

        var fragment = await page.GetAsync($"/projects/{project}?handler=List&filter={filter}", htmx: true);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        var html = await PageSession.ParseAsync(fragment);
        Assert.Null(html.QuerySelector("header"));
        Assert.Equal(expected, Titles(html));
        var openLink = html.QuerySelector(".task-filters a[data-filter=open]")!;
        Assert.Equal($"/projects/{project}?filter=open", openLink.GetAttribute("hx-push-url"));
        var viaLink = await page.GetAsync(openLink.GetAttribute("hx-get")!, htmx: true);
        Assert.Equal(["B", "C"], Titles(await PageSession.ParseAsync(viaLink)));
    }

    [Fact]
    public async Task DropsATaskFromTheOpenFilterOnceItIsDone()
    {
        var project = await NewProjectAsync(["Only"]);
        var page = await OpenAsync(app.Demo.Alice, project);
        var task = TaskIds(page.Document).Single();

        var response = await page.PostFormAsync("Toggle", htmx: true, query: $"taskId={task}&filter=open");

        var html = await PageSession.ParseAsync(response);
        Assert.Empty(html.QuerySelectorAll("li.task"));
        Assert.Equal("1 of 1 done", Text(html, "#task-count[hx-swap-oob=true]"));
    }

    [Fact]
    public async Task AnswersNotFoundForAnotherTenantsProjectOrTaskAndForUnknownIds()
    {
        var globexProject = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Globex, "Secret", ["Hidden"]);
        var globexTask = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString,
            "SELECT id FROM tasks WHERE project_id = $1", globexProject);
        var page = await OpenAsync(app.Demo.Alice, await NewProjectAsync(["Mine"]));

        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/projects/{globexProject}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/projects/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/projects/{globexProject}?handler=List", htmx: true)).StatusCode);
        foreach (var handler in new[] { "Toggle", "Rename", "Delete" })
        {
            var mixed = await page.PostFormAsync(handler, new() { ["Title"] = "Stolen" }, htmx: true, query: $"taskId={globexTask}");
            Assert.Equal(HttpStatusCode.NotFound, mixed.StatusCode);
            var foreign = await page.PostAsync($"/projects/{globexProject}?handler={handler}&taskId={globexTask}", new() { ["Title"] = "Stolen" });
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }
        var add = await page.PostAsync($"/projects/{globexProject}?handler=Add", new() { ["Title"] = "Planted" }, htmx: true);
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        var delete = await page.PostAsync($"/projects/{globexProject}?handler=DeleteProject");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);

        Assert.Equal("Hidden:false", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT string_agg(title || ':' || completed, ',') FROM tasks WHERE project_id = $1", globexProject));
    }

    private Task<Guid> NewProjectAsync(string[] tasks, int done = 0) =>
        TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Acme, $"Project {Guid.NewGuid():N}", tasks, done);

    private Task<PageSession> OpenAsync(Guid user, Guid project) =>
        PageSession.OpenAsync(app.ClientFor("acme.localhost", user), $"/projects/{project}");

    internal static string[] Titles(IParentNode html) =>
        html.QuerySelectorAll("li.task .task-title").Select(e => e.TextContent.Trim()).ToArray();

    internal static Guid[] TaskIds(IParentNode html) =>
        html.QuerySelectorAll("li.task").Select(e => Guid.Parse(e.GetAttribute("data-task-id")!)).ToArray();

    internal static string Text(IParentNode html, string selector) => html.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
