using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api.V1;

/// <summary>Creating a project through the API at the plan's limit: 409 problem details naming the limit and the way up.</summary>
public sealed class ProjectsPlanLimitShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task AnswerConflictNamingTheLimitAndTheUpgradePathAndCreateNothing()
    {
        var (org, response) = await CreateAsync(projects: 3, pathMode: false);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal("Plan limit reached", problem.Text("title"));
        Assert.Equal($"Org {org.Slug} has 3 projects, as many as the free plan allows. Nothing was created. An owner can move the " +
                     $"organization to a larger plan on its billing page: http://{org.Host}/billing", problem.Text("detail"));
        Assert.Equal(3, await org.ProjectCountAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task NameTheBillingPageInPathMode()
    {
        var (org, response) = await CreateAsync(projects: 3, pathMode: true);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.EndsWith($"billing page: http://localhost/org/{org.Slug}/billing", (await response.ProblemAsync()).Text("detail"));
    }

    [Fact]
    public async Task CreateUpToTheLimit()
    {
        var (_, response) = await CreateAsync(projects: 2, pathMode: false);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    // A free organization with this many projects, and a member key's create of one more.
    private async Task<(PlannedOrganization Org, HttpResponseMessage Response)> CreateAsync(int projects, bool pathMode)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org.Id, Roles.Member);
        var client = app.KeyClient(pathMode ? "localhost" : org.Host, key);
        var path = pathMode ? $"/org/{org.Slug}/api/v1/projects" : "/api/v1/projects";
        return (org, await client.SendJsonAsync(HttpMethod.Post, path, new { name = "One more" }));
    }
}
