using System.Net;
using System.Net.Http.Json;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the API's POSTs: a retry gets the first answer and writes nothing, however many arrive at
/// once; another request under the same key is a 409; keys are each sender's own; after 24 hours a key is new again.
/// Each test makes its own organization.
/// </summary>
public sealed class IdempotencyShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswerARetryWithTheFirstAnswerAndCreateNothingTwice()
    {
        var (organization, client) = await NewOrganizationAsync();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(client, "/api/v1/projects", new { name = "Once" }, key);
        var retry = await PostAsync(client, "/api/v1/projects", new { name = "Once" }, key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal((first.Headers.Location, first.Headers.ETag), (retry.Headers.Location, retry.Headers.ETag));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(1, await ProjectsAsync(organization, "Once"));
    }

    [Fact]
    public async Task CreateOneProjectFromEightConcurrentRequestsWithOneKey()
    {
        var (organization, client) = await NewOrganizationAsync();
        var key = Guid.NewGuid().ToString();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(client, "/api/v1/projects", new { name = "Concurrent" }, key)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Headers.Location!.ToString()).Distinct());
        Assert.Equal(7, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Equal(1, await ProjectsAsync(organization, "Concurrent"));
    }

    [Fact]
    public async Task RefuseTheSameKeyForAnotherRequestWith409()
    {
        var (organization, client) = await NewOrganizationAsync();
        var key = Guid.NewGuid().ToString();
        var project = (await (await PostAsync(client, "/api/v1/projects", new { name = "First" }, key)).JsonAsync()).Text("id");

        var otherBody = await PostAsync(client, "/api/v1/projects", new { name = "Second" }, key);
        var otherAddress = await PostAsync(client, $"/api/v1/projects/{project}/tasks", new { title = "First" }, key);

        foreach (var refused in new[] { otherBody, otherAddress })
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("different request", (await refused.ProblemAsync()).Text("detail"), StringComparison.Ordinal);
        }
        Assert.Equal(0, await ProjectsAsync(organization, "Second"));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM tasks WHERE organization_id = $1", organization));
    }

    [Fact]
    public async Task KeepEachSendersKeysApart()
    {
        var (organization, client) = await NewOrganizationAsync();
        var (otherKey, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, Roles.Member);
        var other = app.KeyClient(Host(await SlugAsync(organization)), otherKey);
        var key = Guid.NewGuid().ToString();

        await PostAsync(client, "/api/v1/projects", new { name = "Each its own" }, key);
        var second = await PostAsync(other, "/api/v1/projects", new { name = "Each its own" }, key);

        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await ProjectsAsync(organization, "Each its own"));
    }

    [Fact]
    public async Task TreatAKeyOlderThanADayAsNew()
    {
        var (organization, client) = await NewOrganizationAsync();
        var key = Guid.NewGuid().ToString();
        await PostAsync(client, "/api/v1/projects", new { name = "Yesterday" }, key);
        await TestOrganizations.ScalarAsync<int>(app.AdminConnectionString,
            "WITH moved AS (UPDATE idempotent_requests SET created_at = now() - interval '25 hours' WHERE organization_id = $1 RETURNING 1) SELECT count(*)::int FROM moved",
            organization);

        var again = await PostAsync(client, "/api/v1/projects", new { name = "Yesterday" }, key);

        Assert.False(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await ProjectsAsync(organization, "Yesterday"));
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("\u00e9t\u00e9")]
    [InlineData(null)] // 256 characters
    public async Task RefuseAMalformedKeyAndWriteNothing(string? key)
    {
        key ??= new string('k', 256);
        var (organization, client) = await NewOrganizationAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = JsonContent.Create(new { name = "Malformed" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", (await response.ProblemAsync()).Text("detail"), StringComparison.Ordinal);
        Assert.Equal(0, await ProjectsAsync(organization, "Malformed"));
    }

    [Fact]
    public async Task KeepKeysOutOfReachOfOtherOrganizations()
    {
        var (organization, client) = await NewOrganizationAsync();
        await PostAsync(client, "/api/v1/projects", new { name = "Mine" }, Guid.NewGuid().ToString());

        // The runtime role sees this organization's keys only with it as the tenant; with another, none, and writes none.
        var (other, _) = await NewOrganizationAsync();
        Assert.Equal(1L, (await Sql.QueryAsync(app.RuntimeDataSource, organization, null, "SELECT count(*) FROM idempotent_requests"))[0][0]);
        Assert.Equal(0L, (await Sql.QueryAsync(app.RuntimeDataSource, other, null, "SELECT count(*) FROM idempotent_requests"))[0][0]);
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Sql.QueryAsync(app.RuntimeDataSource, other, null,
            "INSERT INTO idempotent_requests (organization_id, scope, key, request_hash) VALUES ($1, 'key:x', 'k', sha256('x')) RETURNING 1",
            organization));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Ct);
    }

    private async Task<int> ProjectsAsync(Guid organization, string name) => (int)await TestOrganizations.ScalarAsync<long>(
        app.AdminConnectionString, "SELECT count(*) FROM projects WHERE organization_id = $1 AND name = $2", organization, name);

    private Task<string> SlugAsync(Guid organization) =>
        TestOrganizations.ScalarAsync<string>(app.AdminConnectionString, "SELECT slug FROM organizations WHERE id = $1", organization);

    private static string Host(string slug) => $"{slug}.localhost";

    private async Task<(Guid Organization, HttpClient Client)> NewOrganizationAsync()
    {
        var slug = TestOrganizations.NewSlug("idem");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, Roles.Member);
        return (organization, app.KeyClient(Host(slug), key));
    }
}
