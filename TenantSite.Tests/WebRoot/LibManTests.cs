using System.Net;
using System.Text.Json;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.WebRoot;

/// <summary>libman.json is the single source of truth for client libraries: the app serves exactly what it names.</summary>
public sealed class LibManTests(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static JsonElement Library(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DevIdp.RepositoryRoot(), "libman.json")));
        return json.RootElement.GetProperty("libraries").EnumerateArray()
            .Single(l => l.GetProperty("library").GetString()!.StartsWith(name + "@", StringComparison.Ordinal)).Clone();
    }

    [Fact]
    public async Task ServeTheHtmxVersionThatLibManJsonNames()
    {
        var version = Library("htmx.org").GetProperty("library").GetString()!.Split('@')[1];
        var response = await app.ClientFor("localhost").GetAsync("/lib/htmx/dist/htmx.min.js", TestContext.Current.CancellationToken);
        var script = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"version:\"{version}\"", script.Replace(" ", ""));
    }

    [Fact]
    public async Task ServeEveryFileLibManJsonListsFromItsDestination()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DevIdp.RepositoryRoot(), "libman.json")));
        foreach (var library in json.RootElement.GetProperty("libraries").EnumerateArray())
        {
            var destination = library.GetProperty("destination").GetString()!.Replace("wwwroot/", "/").TrimEnd('/');
            foreach (var file in library.GetProperty("files").EnumerateArray())
            {
                var response = await app.ClientFor("localhost").GetAsync($"{destination}/{file.GetString()}", TestContext.Current.CancellationToken);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{destination}/{file.GetString()}: {response.StatusCode}");
            }
        }
    }
}
