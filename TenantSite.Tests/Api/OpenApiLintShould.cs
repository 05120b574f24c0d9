using System.Text.Json.Nodes;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// The published document (TenantSite/Api/openapi.v1.json, which <see cref="OpenApiDocumentShould"/> keeps equal to what
/// the app serves) passes two linters that share no code with the app or each other, with their recommended rules as
/// they are: Spectral's <c>spectral:oas</c> and Redocly's <c>recommended</c> (tools/api-lint).
/// </summary>
public sealed class OpenApiLintShould
{
    private static readonly string LintDirectory = Path.Combine(DevIdp.RepositoryRoot(), "tools", "api-lint");
    private static readonly string Document = Path.Combine(DevIdp.RepositoryRoot(), "TenantSite", "Api", "openapi.v1.json");

    [Fact]
    public async Task PassSpectralsRecommendedRules() => Assert.Empty(await SpectralAsync(Document));

    [Fact]
    public async Task PassRedoclysRecommendedRules() => Assert.Empty(await RedoclyAsync(Document));

    // The linters are not silent whatever they read: a document without a contact and with an operation that has
    // neither summary nor description fails both.
    [Fact]
    public async Task SeeAWorseDocument()
    {
        var worse = JsonNode.Parse(await File.ReadAllTextAsync(Document, TestContext.Current.CancellationToken))!;
        worse["info"]!.AsObject().Remove("contact");
        var operation = worse["paths"]!["/api/v1/projects"]!["get"]!.AsObject();
        operation.Remove("summary");
        operation.Remove("description");
        var path = Path.Combine(Path.GetTempPath(), $"openapi-worse-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, worse.ToJsonString(), TestContext.Current.CancellationToken);
        try
        {
            Assert.Contains(await SpectralAsync(path), p => p.Contains("info-contact", StringComparison.Ordinal));
            Assert.Contains(await RedoclyAsync(path), p => p.Contains("operation-summary", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Every finding, hints included (-F hint: exit code 1 from hints up), as "rule at path: message".
    private static async Task<List<string>> SpectralAsync(string document)
    {
        var output = await RunAsync("spectral", "lint", "--ruleset", ".spectral.yaml", "-F", "hint", "-f", "json", "-q", document);
        return JsonNode.Parse(output)!.AsArray()
            .Select(p => $"{p!["code"]} at {string.Join('.', p["path"]!.AsArray())}: {p["message"]}").ToList();
    }

    // Errors and warnings alike.
    private static async Task<List<string>> RedoclyAsync(string document)
    {
        var output = await RunAsync("redocly", "lint", "--config", "redocly.yaml", "--format", "json", document);
        return JsonNode.Parse(output)!["problems"]!.AsArray()
            .Select(p => $"{p!["ruleId"]} ({p["severity"]}) at {p["location"]![0]!["pointer"]}: {p["message"]}").ToList();
    }

    private static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var executable = Path.Combine(LintDirectory, "node_modules", ".bin", tool);
        if (!File.Exists(executable)) Assert.Fail($"{executable} is missing: run npm ci in tools/api-lint (./test.sh does).");
        // Redocly looks up its telemetry host and checks for updates unless told not to; offline they only cost time.
        var (exitCode, output, errors) = await Processes.RunAsync(executable, arguments, LintDirectory,
            new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["CI"] = "true" });
        // Both exit 1 when they find something: the findings are on stdout, as JSON. Anything else is a failure to run.
        if (exitCode > 1 || !output.TrimStart().StartsWith('[') && !output.TrimStart().StartsWith('{'))
            Assert.Fail($"{tool} exited {exitCode}: {errors}\n{output}");
        return output;
    }
}
