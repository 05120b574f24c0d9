using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// A key of acme can read and change nothing of globex: not by id, not on globex's host, not below its path. Every
/// answer is the same 404 a missing row gets, and globex's rows stay as they were.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class ApiIsolationShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("acme.localhost", "")]
    [InlineData("localhost", "/org/acme")]
    public async Task FindNoneOfAnotherOrganizationsRowsByTheirIds(string host, string prefix)
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Globex, "Globex secret", ["globex task"]);
        var task = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM tasks WHERE project_id = $1", project);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, app.Demo.Acme, Roles.Member);
        var acme = app.KeyClient(host, key);

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["GET project"] = await acme.GetAsync($"{prefix}/api/v1/projects/{project}", Ct),
            ["PATCH project"] = await acme.SendJsonAsync(HttpMethod.Patch, $"{prefix}/api/v1/projects/{project}", new { name = "Pwned" }),
            ["PATCH project *"] = await acme.SendJsonAsync(HttpMethod.Patch, $"{prefix}/api/v1/projects/{project}", new { name = "Pwned" }, ifMatch: "*"),
            ["GET tasks"] = await acme.GetAsync($"{prefix}/api/v1/projects/{project}/tasks", Ct),
            ["POST task"] = await acme.SendJsonAsync(HttpMethod.Post, $"{prefix}/api/v1/projects/{project}/tasks", new { title = "Planted" }),
            ["GET task"] = await acme.GetAsync($"{prefix}/api/v1/tasks/{task}", Ct),
            ["PATCH task"] = await acme.SendJsonAsync(HttpMethod.Patch, $"{prefix}/api/v1/tasks/{task}", new { title = "Pwned", completed = true }),
        };

        Assert.All(answers, answer => Assert.True(answer.Value.StatusCode == HttpStatusCode.NotFound, $"{answer.Key}: {answer.Value.StatusCode}"));
        foreach (var answer in answers.Values) await answer.ProblemAsync();
        var list = await (await acme.GetAsync($"{prefix}/api/v1/projects?limit=100", Ct)).JsonAsync();
        Assert.DoesNotContain(project.ToString(), list.GetProperty("items").EnumerateArray().Select(p => p.Text("id")));
        Assert.Equal("Globex secret", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT name FROM projects WHERE id = $1", project));
        Assert.Equal(("globex task", false, 1L), (
            await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString, "SELECT title FROM tasks WHERE id = $1", task),
            await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString, "SELECT completed FROM tasks WHERE id = $1", task),
            await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks WHERE project_id = $1", project)));
    }

    [Fact]
    public async Task DeleteNoneOfAnotherOrganizationsRows()
    {
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, app.Demo.Globex, "Globex keep", ["keep"]);
        var task = await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "SELECT id FROM tasks WHERE project_id = $1", project);
        // Alice owns acme, so her session may delete acme's projects; globex's stay out of reach.
        var alice = app.ClientFor("acme.localhost", app.Demo.Alice);
        var token = (await PageSession.OpenAsync(alice, "/")).Token;

        foreach (var path in new[] { $"/api/v1/tasks/{task}", $"/api/v1/projects/{project}" })
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, path);
            request.Headers.Add("RequestVerificationToken", token);
            Assert.Equal(HttpStatusCode.NotFound, (await alice.SendAsync(request, Ct)).StatusCode);
        }
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks WHERE id = $1", task));
    }

    [Fact]
    public async Task LetANonMembersSessionSeeTheSame404AsAMissingOrganization()
    {
        // Carol belongs to globex only.
        var carol = app.ClientFor("acme.localhost", app.Demo.Carol);

        var response = await carol.GetAsync("/api/v1/projects", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var missing = await app.ClientFor("nosuch.localhost", app.Demo.Carol).GetAsync("/api/v1/projects", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal((await missing.ProblemAsync()).ToString(), (await response.ProblemAsync()).ToString());
    }
}
