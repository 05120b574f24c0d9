using System.Net;
using System.Text.Json;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using TenantSite.Tests.Security;

namespace TenantSite.Tests.Api;

/// <summary>
/// The hostile-input corpus (Security/HostileInputs.txt) against what the JSON API reads: every value as a JSON string
/// field, as each query parameter and as a path id. Every answer is a success or a 4xx problem details, never a 5xx;
/// a value the API accepts is stored exactly as sent (trimmed); nothing else changes.
/// </summary>
public sealed class ApiHostileInputsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly IReadOnlyList<HostileInput> Values = HostileInputs.Load()["value"];

    [Fact]
    public async Task AnswerEveryValueInEveryBodyFieldWithoutA5xx()
    {
        var (client, organization, project) = await NewOrganizationAsync();
        var problems = new List<string>();
        var accepted = new List<string>();

        foreach (var input in Values)
        {
            var value = input.Value();
            foreach (var (method, path, body) in new (HttpMethod, string, object)[]
                     {
                         (HttpMethod.Post, "/api/v1/projects", new { name = value }),
                         (HttpMethod.Patch, $"/api/v1/projects/{project}", new { name = value }),
                         (HttpMethod.Post, $"/api/v1/projects/{project}/tasks", new { title = value }),
                     })
            {
                var response = await client.SendJsonAsync(method, path, body);
                if (await ProblemOfAsync(response) is { } problem) problems.Add($"{input} {method} {path}: {problem}");
                // As the client's serializer sent it (a lone surrogate goes as U+FFFD), trimmed as the API trims.
                else if (response.IsSuccessStatusCode) accepted.Add(JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(value))!.Trim());
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        // Whatever was accepted was stored as sent: every stored name and title is one of the accepted values.
        var source = AdminSources.For(app.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(Ct);
        var stored = await Sql.ReadAsync(connection,
            "SELECT name FROM projects WHERE organization_id = $1 AND id <> $2 UNION ALL SELECT title FROM tasks WHERE organization_id = $1",
            organization, project);
        Assert.All(stored, row => Assert.Contains((string)row[0]!, accepted));
    }

    [Fact]
    public async Task AnswerEveryValueInEveryQueryParameterAndIdWithoutA5xx()
    {
        var (client, _, project) = await NewOrganizationAsync();
        var problems = new List<string>();

        foreach (var input in Values)
        {
            var value = Uri.EscapeDataString(input.Value());
            var paths = new List<string>
            {
                $"/api/v1/projects?limit={value}", $"/api/v1/projects?cursor={value}", $"/api/v1/projects/{project}/tasks?completed={value}",
            };
            // The test server itself refuses a NUL in a path (Kestrel answers 400 before the app): ids without one.
            if (!input.Value().Contains('\0')) paths.AddRange([$"/api/v1/projects/{value}", $"/api/v1/tasks/{value}"]);
            foreach (var path in paths)
            {
                var response = await client.GetAsync(path, Ct);
                if (await ProblemOfAsync(response) is { } problem) problems.Add($"{input} GET {path}: {problem}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    // What is wrong with an answer: a 5xx, or a 4xx that is not problem details.
    private static async Task<string?> ProblemOfAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return $"{status}";
        if (status < 400) return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"{status} without problem details";
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        return problem.TryGetProperty("title", out _) ? null : $"{status} problem without a title";
    }

    private async Task<(HttpClient Client, Guid Organization, Guid Project)> NewOrganizationAsync()
    {
        var slug = TestOrganizations.NewSlug("hostile");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, organization, "Target", []);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(app.AdminConnectionString, organization, Roles.Member);
        return (app.KeyClient($"{slug}.localhost", key), organization, project);
    }
}
