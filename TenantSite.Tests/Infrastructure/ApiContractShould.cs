using System.Net;
using System.Text;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The contract check that every API test passes through sees a drift of each kind, and nothing in a true exchange.</summary>
[Trait("Category", TestCategories.Fast)]
public sealed class ApiContractShould
{
    private const string Project = """{"id":"0193f1b3-dc50-7d73-9fd5-bddf638c1c6e","name":"A","createdAt":"2026-11-02T09:14:03.512+00:00","updatedAt":"2026-11-02T09:14:03.512+00:00"}""";

    [Fact]
    public void PassAnExchangeThatKeepsToTheDocument() =>
        Assert.Empty(Check(HttpMethod.Post, "http://acme.localhost/api/v1/projects", """{"name":"A"}""", HttpStatusCode.Created, Project));

    [Fact]
    public void PassTheSameInPathMode() =>
        Assert.Empty(Check(HttpMethod.Get, "http://localhost/org/acme/api/v1/projects/0193f1b3-dc50-7d73-9fd5-bddf638c1c6e", null, HttpStatusCode.OK, Project));

    [Fact]
    public void SeeAStatusTheOperationDoesNotList() =>
        Assert.Contains("status 418", Assert.Single(Check(HttpMethod.Get, "http://acme.localhost/api/v1/projects", null, (HttpStatusCode)418, "")));

    [Fact]
    public void SeeABodyThatMissesARequiredField() =>
        Assert.Contains("getProject 200 body", Assert.Single(Check(HttpMethod.Get, "http://acme.localhost/api/v1/projects/0193f1b3-dc50-7d73-9fd5-bddf638c1c6e",
            null, HttpStatusCode.OK, """{"id":"0193f1b3-dc50-7d73-9fd5-bddf638c1c6e","createdAt":"2026-11-02T09:14:03Z","updatedAt":"2026-11-02T09:14:03Z"}""")));

    [Fact]
    public void SeeAnAcceptedRequestTheDocumentRefuses() =>
        Assert.Contains("request body", Assert.Single(Check(HttpMethod.Post, "http://acme.localhost/api/v1/projects", """{"name":""}""", HttpStatusCode.Created, Project)));

    [Fact]
    public void SeeAnAcceptedQueryOutOfBounds() =>
        Assert.Contains("limit=500", Assert.Single(Check(HttpMethod.Get, "http://acme.localhost/api/v1/projects?limit=500", null, HttpStatusCode.OK,
            """{"items":[],"nextCursor":null}""")));

    [Fact]
    public void SeeASuccessOnAnOperationTheDocumentDoesNotHave() =>
        Assert.Contains("no such operation", Assert.Single(Check(HttpMethod.Put, "http://acme.localhost/api/v1/projects", "{}", HttpStatusCode.OK, "{}")));

    private static IReadOnlyList<string> Check(HttpMethod method, string url, string? requestBody, HttpStatusCode status, string responseBody)
    {
        using var request = new HttpRequestMessage(method, url);
        using var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(responseBody, Encoding.UTF8, (int)status >= 400 ? "application/problem+json" : "application/json"),
        };
        return ApiContract.Violations(request, requestBody, response, responseBody);
    }
}
