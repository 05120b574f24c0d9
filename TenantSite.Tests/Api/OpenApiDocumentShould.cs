using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// The generated OpenAPI document (<c>/openapi/v1.json</c>): both ways to authenticate, every operation with every
/// status it can answer, errors as problem details.
/// </summary>
public sealed class OpenApiDocumentShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("localhost")]
    [InlineData("acme.localhost")]
    public async Task BeServedWithoutSignInOnEveryHost(string host)
    {
        var response = await app.ClientFor(host).GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("TenantSite API", (await response.JsonAsync()).GetProperty("info").Text("title"));
    }

    [Fact]
    public async Task DescribeBothAuthenticationSchemes()
    {
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("http", "bearer"), (schemes.GetProperty("apiKey").Text("type"), schemes.GetProperty("apiKey").Text("scheme")));
        Assert.Equal(("apiKey", "cookie"), (schemes.GetProperty("session").Text("type"), schemes.GetProperty("session").Text("in")));
        Assert.Equal(["apiKey", "session"], document.GetProperty("security").EnumerateArray()
            .SelectMany(r => r.EnumerateObject().Select(p => p.Name)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListEveryOperationWithItsStatusesAsProblemDetails()
    {
        var document = await DocumentAsync();

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToList();
        Assert.Equal(
        [
            "DELETE /api/v1/projects/{id}", "DELETE /api/v1/tasks/{id}", "GET /api/v1/projects", "GET /api/v1/projects/{id}",
            "GET /api/v1/projects/{id}/tasks", "GET /api/v1/tasks/{id}", "PATCH /api/v1/projects/{id}", "PATCH /api/v1/tasks/{id}",
            "POST /api/v1/projects", "POST /api/v1/projects/{id}/tasks",
        ], operations.Select(o => o.Name).Order(StringComparer.Ordinal));
        foreach (var (name, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "400", "401", "403", "404", "429", "503" })
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{name} lacks {status}");
                Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {status} is no problem");
            }
            Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
        }
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
    }

    // The committed copy is what integrators, the linters (OpenApiLintShould) and the tests' generated client read.
    [Fact]
    public async Task BeTheCommittedDocument()
    {
        var served = JsonNode.Parse(await app.ClientFor("localhost").GetStringAsync("/openapi/v1.json", Ct));
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DevIdp.RepositoryRoot(), "TenantSite", "Api", "openapi.v1.json"), Ct));

        Assert.True(JsonNode.DeepEquals(served, committed),
            "TenantSite/Api/openapi.v1.json is not what the app serves: run tools/openapi/generate.sh and commit the result.");
    }

    private async Task<JsonElement> DocumentAsync() => await (await app.ClientFor("localhost").GetAsync("/openapi/v1.json", Ct)).JsonAsync();
}
