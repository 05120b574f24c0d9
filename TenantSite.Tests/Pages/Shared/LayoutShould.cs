using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Shared;

/// <summary>The layout every page shares (Pages/Shared/_Layout.cshtml).</summary>
public sealed class LayoutShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    // The layout writes the asset URLs itself, without asp-append-version's tag helper: each must still name its
    // content's version, so a deploy's new CSS or script is fetched, not an old cached copy.
    [Theory]
    [InlineData("acme.localhost", "/")]
    [InlineData("localhost", "/org/acme/")]
    [InlineData("localhost", "/")]
    public async Task LinkEveryStylesheetAndScriptWithItsContentsVersion(string host, string path)
    {
        var client = app.ClientFor(host, app.Demo.Alice);
        var page = await PageSession.OpenAsync(client, path);

        var urls = page.Document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)).ToList();
        Assert.Equal(5, urls.Count);
        foreach (var url in urls)
        {
            var (file, version) = (url.Split('?')[0], QueryHelpers.ParseQuery(new Uri("http://x" + url).Query)["v"].ToString());
            Assert.StartsWith("/", file);
            var content = await File.ReadAllBytesAsync(Path.Combine(app.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, file.TrimStart('/')),
                TestContext.Current.CancellationToken);
            Assert.Equal(WebEncoders.Base64UrlEncode(SHA256.HashData(content)), version);
            using var asset = await client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }
    }
}
