using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.WebRoot;

/// <summary>
/// libman.json is the single source of truth for client libraries: the app serves exactly what it names, as LibMan
/// restored it from its cache, which tools/libman-cache fills from the npm registry's tarballs.
/// </summary>
[RunsLong]
public sealed class LibManShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private sealed record LibraryFile(string Provider, string Name, string Version, string File, string Url);

    private static JsonElement Manifest()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DevIdp.RepositoryRoot(), "libman.json")));
        return json.RootElement.Clone();
    }

    private static JsonElement Library(string name) =>
        Manifest().GetProperty("libraries").EnumerateArray()
            .Single(l => l.GetProperty("library").GetString()!.StartsWith(name + "@", StringComparison.Ordinal));

    /// <summary>Every file libman.json lists, with the URL the app serves it at.</summary>
    private static IEnumerable<LibraryFile> ListedFiles()
    {
        var manifest = Manifest();
        foreach (var library in manifest.GetProperty("libraries").EnumerateArray())
        {
            var id = library.GetProperty("library").GetString()!;
            var at = id.LastIndexOf('@');
            var provider = library.TryGetProperty("provider", out var p) ? p.GetString()! : manifest.GetProperty("defaultProvider").GetString()!;
            var destination = library.GetProperty("destination").GetString()!.Replace("wwwroot/", "/").TrimEnd('/');
            foreach (var file in library.GetProperty("files").EnumerateArray())
                yield return new LibraryFile(provider, id[..at], id[(at + 1)..], file.GetString()!, $"{destination}/{file.GetString()}");
        }
    }

    /// <summary>LibMan's cache folder (Microsoft.Web.LibraryManager's CacheService.CacheFolder).</summary>
    private static string LibManCache() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), ".librarymanager", "cache");

    private static string CachedFile(string cache, LibraryFile f) =>
        Path.Combine([cache, f.Provider, .. f.Name.Split('/'), f.Version, .. f.File.Split('/')]);

    private async Task<byte[]> ServedAsync(string url)
    {
        var response = await app.ClientFor("localhost").GetAsync(url, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
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
        foreach (var file in ListedFiles()) await ServedAsync(file.Url);
    }

    [Fact]
    public async Task ServeTheFilesLibManRestoredFromItsCache()
    {
        foreach (var file in ListedFiles())
        {
            var cached = CachedFile(LibManCache(), file);
            Assert.True(File.Exists(cached), $"{cached} is not in LibMan's cache");
            Assert.Equal(await File.ReadAllBytesAsync(cached, TestContext.Current.CancellationToken), await ServedAsync(file.Url));
        }
    }

    [Fact]
    public async Task FillPutsTheRegistryTarballIntoLibMansCacheLayoutOnce()
    {
        var cache = Directory.CreateTempSubdirectory("libman-cache-test-").FullName;
        try
        {
            var first = await FillAsync(cache);
            foreach (var file in ListedFiles())
            {
                // The file list LibMan reads instead of asking the CDN, with the listed file in it ...
                var fileList = Path.Combine([cache, file.Provider, .. file.Name.Split('/'), $"{file.Version}-filelist.json"]);
                using var list = JsonDocument.Parse(await File.ReadAllTextAsync(fileList, TestContext.Current.CancellationToken));
                var paths = list.RootElement.GetProperty("files").EnumerateArray()
                    .Select(f => (f.TryGetProperty("path", out var p) ? p : f.GetProperty("name")).GetString()).ToList();
                Assert.Contains($"/{file.File}", paths);
                // ... and the file itself: the bytes the app serves.
                Assert.Equal(await ServedAsync(file.Url), await File.ReadAllBytesAsync(CachedFile(cache, file), TestContext.Current.CancellationToken));
            }
            foreach (var name in ListedFiles().Select(f => $"{f.Name}@{f.Version}").Distinct())
                Assert.Matches($@"{Regex.Escape(name)}: \d+ {FilledLine} \(sha512-", first);

            var second = await FillAsync(cache);
            foreach (var name in ListedFiles().Select(f => $"{f.Name}@{f.Version}").Distinct())
                Assert.Contains($"{name}: already in LibMan's cache", second);
            Assert.DoesNotContain(FilledLine, second);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private const string FilledLine = "files into LibMan's cache from the npm tarball";

    private static async Task<string> FillAsync(string cache)
    {
        var root = DevIdp.RepositoryRoot();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { Path.Combine(root, "tools", "libman-cache", "fill.mjs"), "--manifest", Path.Combine(root, "libman.json"), "--cache", cache },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"fill.mjs exited {process.ExitCode}:\n{await stderr}");
        return await stdout;
    }
}
