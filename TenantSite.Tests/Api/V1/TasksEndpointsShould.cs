using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api.V1;

/// <summary>Tasks through the API, with a member key of a fresh organization per test.</summary>
public sealed class TasksEndpointsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddCompleteRenameAndListTasks()
    {
        var (client, project) = await NewProjectAsync(Roles.Member, "first", "second");

        var added = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/projects/{project}/tasks", new { title = "third" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var task = await added.JsonAsync();
        Assert.Equal(project.ToString(), task.Text("projectId"));
        Assert.False(task.GetProperty("completed").GetBoolean());
        var location = added.Headers.Location!.ToString();
        Assert.Equal($"/api/v1/tasks/{task.Text("id")}", location);

        var done = await client.SendJsonAsync(HttpMethod.Patch, location, new { completed = true }, ifMatch: added.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True((await done.JsonAsync()).GetProperty("completed").GetBoolean());
        var renamed = await client.SendJsonAsync(HttpMethod.Patch, location, new { title = "third, renamed" });
        var after = await renamed.JsonAsync();
        Assert.Equal(("third, renamed", true), (after.Text("title"), after.GetProperty("completed").GetBoolean()));

        var all = await (await client.GetAsync($"/api/v1/projects/{project}/tasks", Ct)).JsonAsync();
        Assert.Equal(3, all.GetProperty("items").GetArrayLength());
        var completed = await (await client.GetAsync($"/api/v1/projects/{project}/tasks?completed=true", Ct)).JsonAsync();
        Assert.Equal(["third, renamed"], completed.GetProperty("items").EnumerateArray().Select(t => t.Text("title")));
        var open = await (await client.GetAsync($"/api/v1/projects/{project}/tasks?completed=false&limit=1", Ct)).JsonAsync();
        Assert.Single(open.GetProperty("items").EnumerateArray());
        Assert.NotNull(open.GetProperty("nextCursor").GetString());
    }

    [Fact]
    public async Task RefuseAStaleChangeAndKeepTheNewerOne()
    {
        var (client, project) = await NewProjectAsync(Roles.Member);
        var added = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/projects/{project}/tasks", new { title = "shared" });
        var location = added.Headers.Location!.ToString();
        var seen = added.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync(HttpMethod.Patch, location, new { completed = true }, ifMatch: seen)).StatusCode);

        var stale = await client.SendJsonAsync(HttpMethod.Patch, location, new { title = "overwritten" }, ifMatch: seen);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await stale.ProblemAsync();
        var current = await (await client.GetAsync(location, Ct)).JsonAsync();
        Assert.Equal(("shared", true), (current.Text("title"), current.GetProperty("completed").GetBoolean()));
    }

    [Fact]
    public async Task AnswerAChangeWithNothingInItWithTheFieldsToSend()
    {
        var (client, project) = await NewProjectAsync(Roles.Member, "only");
        var id = (await (await client.GetAsync($"/api/v1/projects/{project}/tasks", Ct)).JsonAsync()).GetProperty("items")[0].Text("id");

        var empty = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/tasks/{id}", new { });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("Send title, completed, or both.", (await empty.ProblemAsync()).GetProperty("errors").GetProperty("$")[0].GetString());
    }

    [Fact]
    public async Task LetOnlyThoseWhoDeleteProjectsDeleteTasks()
    {
        var (member, project) = await NewProjectAsync(Roles.Member, "keep me");
        var id = (await (await member.GetAsync($"/api/v1/projects/{project}/tasks", Ct)).JsonAsync()).GetProperty("items")[0].Text("id");

        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"/api/v1/tasks/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/v1/tasks/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnswerNotFoundForTasksOfAMissingProject()
    {
        var (client, _) = await NewProjectAsync(Roles.Member);
        var missing = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{missing}/tasks", Ct)).StatusCode);
        var add = await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/projects/{missing}/tasks", new { title = "orphan" });
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        await add.ProblemAsync();
    }

    private async Task<(HttpClient Client, Guid Project)> NewProjectAsync(string role, params string[] tasks)
    {
        var slug = TestOrganizations.NewSlug("tasks");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, organization, "Project", tasks);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, role);
        return (app.KeyClient($"{slug}.localhost", key), project);
    }
}
