using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api.V1;

/// <summary>
/// <c>/api/v1/projects</c> with a key of a fresh organization per test: the whole life of a project, pages, the ETag
/// precondition, and what each key role may do.
/// </summary>
public sealed class ProjectsEndpointsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateReadRenameAndDeleteAProject(bool pathMode)
    {
        var (client, prefix) = await NewOrganizationAsync(Roles.Member, pathMode);

        var created = await client.SendJsonAsync(HttpMethod.Post, $"{prefix}/api/v1/projects", new { name = "  Launch  " });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.JsonAsync();
        Assert.Equal("Launch", project.Text("name"));
        var location = created.Headers.Location!.ToString();
        Assert.Equal($"{prefix}/api/v1/projects/{project.Text("id")}", location);
        var etag = created.Headers.ETag!.Tag;

        var read = await client.GetAsync(location, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.Tag);

        var renamed = await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Launch v2" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Launch v2", (await renamed.JsonAsync()).Text("name"));
        Assert.NotEqual(etag, renamed.Headers.ETag!.Tag);

        // Members may not delete projects, as on the pages (DeleteAProjectWithItsTasksForAnOwnersSession).
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(location, Ct)).StatusCode);
    }

    [Fact]
    public async Task DeleteAProjectWithItsTasksForAnOwnersSession()
    {
        var (org, slug) = await NewOrganizationIdAsync();
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Doomed", ["a", "b"]);
        var owner = app.ClientFor($"{slug}.localhost", app.Demo.Alice);
        var token = (await PageSession.OpenAsync(owner, "/")).Token;

        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/projects/{project}");
        request.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(request, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/v1/projects/{project}", Ct)).StatusCode);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM tasks WHERE project_id = $1", project));
    }

    [Fact]
    public async Task RefuseAStaleWriteWithPreconditionFailed()
    {
        var (client, _) = await NewOrganizationAsync(Roles.Member);
        var created = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "Original" });
        var location = created.Headers.Location!.ToString();
        var first = created.Headers.ETag!.Tag;

        var second = await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Mine" }, ifMatch: first);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var stale = await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Theirs" }, ifMatch: first);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Changed meanwhile", (await stale.ProblemAsync()).Text("title"));
        Assert.Equal("Mine", (await (await client.GetAsync(location, Ct)).JsonAsync()).Text("name"));

        // A weak tag never matches; * matches whatever version there is; a list matches if one of its tags does.
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Weak" }, ifMatch: "W/" + second.Headers.ETag!.Tag)).StatusCode);
        var star = await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Star" }, ifMatch: "*");
        Assert.Equal(HttpStatusCode.OK, star.StatusCode);
        var listed = await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Listed" }, ifMatch: $"{first}, {star.Headers.ETag!.Tag}");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest,
            (await client.SendJsonAsync(HttpMethod.Patch, location, new { name = "Bad" }, ifMatch: "not-a-tag")).StatusCode);
    }

    [Fact]
    public async Task PageThroughEveryProjectOnceWithCursors()
    {
        var (client, _) = await NewOrganizationAsync(Roles.Viewer, projects: 5);

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/projects?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}", Ct)).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.Text("id")));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LinkEachPageToTheNextAsTheCursorDoes(bool pathMode)
    {
        var (client, prefix) = await NewOrganizationAsync(Roles.Viewer, pathMode, projects: 3);

        var seen = new List<string>();
        var links = new List<string>();
        string? next = $"{prefix}/api/v1/projects?limit=2";
        while (next is not null)
        {
            var response = await client.GetAsync(next, Ct);
            var page = await response.JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.Text("id")));
            next = response.Headers.TryGetValues("Link", out var link) ? NextOf(Assert.Single(link)) : null;
            Assert.Equal(page.GetProperty("nextCursor").GetString(), next is null ? null : System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), next).Query)["cursor"]);
            if (next is not null) links.Add(next);
        }

        Assert.Equal(3, seen.Distinct().Count());
        Assert.StartsWith($"{prefix}/api/v1/projects?limit=2&cursor=", Assert.Single(links), StringComparison.Ordinal);
    }

    // <target>; rel="next"
    private static string NextOf(string link)
    {
        var match = System.Text.RegularExpressions.Regex.Match(link, "^<([^>]+)>; rel=\"next\"$");
        Assert.True(match.Success, link);
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task LetAViewerKeyReadButNotWrite()
    {
        var (client, _) = await NewOrganizationAsync(Roles.Viewer, projects: 1);
        var id = (await (await client.GetAsync("/api/v1/projects", Ct)).JsonAsync()).GetProperty("items")[0].Text("id");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/projects/{id}", Ct)).StatusCode);
        foreach (var response in new[]
                 {
                     await client.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "No" }),
                     await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/projects/{id}", new { name = "No" }),
                     await client.DeleteAsync($"/api/v1/projects/{id}", Ct),
                     await client.SendJsonAsync(HttpMethod.Post, $"/api/v1/projects/{id}/tasks", new { title = "No" }),
                 })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            await response.ProblemAsync();
        }
    }

    [Fact]
    public async Task RequireTheAntiforgeryTokenForASessionsWritesOnly()
    {
        var (_, slug) = await NewOrganizationIdAsync();
        var client = app.ClientFor($"{slug}.localhost", app.Demo.Alice);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects", Ct)).StatusCode);

        var refused = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "Forged" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("RequestVerificationToken", (await refused.ProblemAsync()).Text("detail"), StringComparison.Ordinal);

        var token = (await PageSession.OpenAsync(client, "/")).Token;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "From the page" }) };
        request.Headers.Add("RequestVerificationToken", token);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request, Ct)).StatusCode);
    }

    private async Task<(Guid Organization, string Slug)> NewOrganizationIdAsync()
    {
        var slug = TestOrganizations.NewSlug("api");
        return (await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner)), slug);
    }

    // A fresh organization with a key of this role, addressed by host or by path; returns the client and the path prefix.
    private async Task<(HttpClient Client, string Prefix)> NewOrganizationAsync(string role, bool pathMode = false, int projects = 0)
    {
        var (organization, slug) = await NewOrganizationIdAsync();
        for (var i = 0; i < projects; i++)
            await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, organization, $"Project {i}", []);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, role);
        return pathMode ? (app.KeyClient("localhost", key), $"/org/{slug}") : (app.KeyClient($"{slug}.localhost", key), "");
    }
}
