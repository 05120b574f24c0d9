using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api.V1;

/// <summary>Creating a project through the API at the plan's limit: 409 problem details naming the limit and the way up.</summary>
public sealed class ProjectsPlanLimitShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    [Fact]
    public async Task AnswerConflictNamingTheLimitAndTheUpgradePathAndCreateNothing()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 3);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org.Id, Roles.Member);

        var response = await app.KeyClient(org.Host, key).SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "Fourth" });

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
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 3);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org.Id, Roles.Member);

        var response = await app.KeyClient("localhost", key).SendJsonAsync(HttpMethod.Post, $"/org/{org.Slug}/api/v1/projects", new { name = "Fourth" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.EndsWith($"billing page: http://localhost/org/{org.Slug}/billing", (await response.ProblemAsync()).Text("detail"));
    }

    [Fact]
    public async Task CreateUpToTheLimit()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 2);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, org.Id, Roles.Member);

        var response = await app.KeyClient(org.Host, key).SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "Third" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
