using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Api;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.RateLimits;

/// <summary>
/// Every request of an API key counts against the key's own limit, and its writes against the write limits as a writer
/// of their own; over a limit the answer is 429 problem details with Retry-After. Each test makes its own organization.
/// </summary>
public sealed class ApiKeyRateLimitShould(WriteLimitedApp app) : IClassFixture<WriteLimitedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LimitEveryRequestOfAKeyAndLeaveOtherKeysAlone()
    {
        var organization = await NewOrganizationAsync();
        var (busy, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization.Id, Roles.Viewer);
        var (other, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization.Id, Roles.Viewer);
        var client = app.KeyClient(organization.Host, busy);
        for (var i = 0; i < WriteLimitedApp.PerKey; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects", Ct)).StatusCode);

        var rejected = await client.GetAsync("/api/v1/projects", Ct);

        var seconds = TooManyRequestsAssert.Rejected(rejected, WriteLimitedApp.PerKey);
        Assert.Contains($"{seconds} second", (await rejected.ProblemAsync()).Text("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.KeyClient(organization.Host, other).GetAsync("/api/v1/projects", Ct)).StatusCode);
    }

    [Fact]
    public async Task CountAKeysWritesAsAWriterOfItsOwn()
    {
        var organization = await NewOrganizationAsync();
        var (first, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization.Id, Roles.Member);
        var (second, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization.Id, Roles.Member);
        var client = app.KeyClient(organization.Host, first);
        for (var i = 0; i < WriteLimitedApp.PerUser; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = $"P{i}" })).StatusCode);

        var rejected = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "One too many" });

        TooManyRequestsAssert.Rejected(rejected, WriteLimitedApp.PerUser);
        await rejected.ProblemAsync();
        Assert.Equal(HttpStatusCode.Created,
            (await app.KeyClient(organization.Host, second).SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "Another key's" })).StatusCode);
        Assert.Equal(WriteLimitedApp.PerUser + 1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM projects WHERE organization_id = $1", organization.Id));
    }

    private async Task<(Guid Id, string Host)> NewOrganizationAsync()
    {
        var slug = TestOrganizations.NewSlug("keylimit");
        return (await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner)), $"{slug}.localhost");
    }
}
