using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// Bad input to the API: every kind gets a 4xx problem details answer that says what was wrong (and, for fields,
/// which), never a 500, and nothing is saved.
/// </summary>
public sealed class ApiProblemsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int, string?> Bodies => new()
    {
        // content type, body, expected status, the field the problem names (null: none); the last is a valid one
        { "application/json", "{}", 400, "name" },
        { "application/json", """{"name": "   "}""", 400, "name" },
        { "application/json", $$"""{"name": "{{new string('x', 101)}}"}""", 400, "name" },
        { "application/json", """{"name": "tab\there"}""", 400, "name" },
        { "application/json", """{"name": "nul\u0000here"}""", 400, "name" },
        { "application/json", """{"name": 42}""", 400, "$.name" },
        { "application/json", """{"name": "ok", "owner": "me"}""", 400, "$.owner" },
        { "application/json", """{"name": """, 400, null },
        { "application/json", "[1, 2]", 400, null },
        { "application/json", "", 400, null },
        { "application/json", "null", 400, null },
        { "application/json", """{"name": "\ud800"}""", 400, null },
        { "application/json", """{"name": "\udc00x\ud800"}""", 400, null },
        { "application/json", "{\"name\": \"\u00ff\"}", 201, null },
        { "application/json; charset=latin1", """{"name": "x"}""", 415, null },
        { "text/plain", """{"name": "x"}""", 415, null },
        { "application/x-www-form-urlencoded", "name=x", 415, null },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task DescribeWhatIsWrongWithABodyAndSaveNothingOfIt(string contentType, string body, int status, string? field)
    {
        var (client, organization) = await NewOrganizationAsync();

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/v1/projects", body, contentType);

        Assert.Equal(status, (int)response.StatusCode);
        if (status >= 400)
        {
            var problem = await response.ProblemAsync();
            if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
        Assert.Equal(status == 201 ? 1L : 0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM projects WHERE organization_id = $1", organization));
    }

    [Fact]
    public async Task RefuseABodyOverTheLimit()
    {
        var (client, _) = await NewOrganizationAsync();

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/v1/projects", $$"""{"name": "{{new string('x', 70_000)}}"}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("64 KB", (await response.ProblemAsync()).Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("cursor=nonsense", "cursor")]
    [InlineData("cursor=AAAAAAAAAAAAAAAAAAAAAAAA", "cursor")]
    public async Task NameTheQueryParameterThatIsWrong(string query, string field)
    {
        var (client, _) = await NewOrganizationAsync();

        var response = await client.GetAsync("/api/v1/projects?" + query, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here")]
    [InlineData("GET", "/api/v1/projects/not-a-guid")]
    [InlineData("GET", "/api/v2/projects")]
    [InlineData("PUT", "/api/v1/projects")]
    public async Task AnswerUnknownAddressesAndMethodsInProblemDetails(string method, string path)
    {
        var (client, _) = await NewOrganizationAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, response.StatusCode.ToString());
        await response.ProblemAsync();
    }

    [Fact]
    public async Task RefuseAMalformedQueryStringInProblemDetails()
    {
        var (client, _) = await NewOrganizationAsync();

        var response = await client.GetAsync("/api/v1/projects?limit=%FF", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await response.ProblemAsync();
    }

    private async Task<(HttpClient Client, Guid Organization)> NewOrganizationAsync()
    {
        var slug = TestOrganizations.NewSlug("problems");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, Roles.Member);
        return (app.KeyClient($"{slug}.localhost", key), organization);
    }
}
