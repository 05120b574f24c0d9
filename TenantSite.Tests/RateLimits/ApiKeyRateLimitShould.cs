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
    public async Task TellTheCallersAllowanceOnEveryAnswer()
    {
        var organization = await NewOrganizationAsync();
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization.Id, Roles.Viewer);
        var client = app.KeyClient(organization.Host, key);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i <= WriteLimitedApp.PerKey; i++) answers.Add(await client.GetAsync(i == 1 ? $"/api/v1/projects/{Guid.NewGuid()}" : "/api/v1/projects", Ct));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            answers.Select(a => a.StatusCode));
        Assert.All(answers, a => Assert.Equal(WriteLimitedApp.PerKey.ToString(), Header(a, "RateLimit-Limit")));
        // One request a quarter minute back (PerKey 4 a minute): the spent ones come back 15 s apart.
        Assert.Equal(["3", "2", "1", "0", "0"], answers.Select(a => Header(a, "RateLimit-Remaining")));
        Assert.Equal([15, 30, 45, 60, 60], answers.Select(a => int.Parse(Header(a, "RateLimit-Reset"))).Select(s => (s + 14) / 15 * 15));
        // A signed-in session's reads are not limited; its answers tell its writes' allowance.
        var session = await app.ClientFor(organization.Host, app.Demo.Alice).GetAsync("/api/v1/projects", Ct);
        Assert.Equal((WriteLimitedApp.PerUser.ToString(), WriteLimitedApp.PerUser.ToString(), "0"),
            (Header(session, "RateLimit-Limit"), Header(session, "RateLimit-Remaining"), Header(session, "RateLimit-Reset")));
    }

    private static string Header(HttpResponseMessage response, string name) => Assert.Single(response.Headers.GetValues(name));

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
