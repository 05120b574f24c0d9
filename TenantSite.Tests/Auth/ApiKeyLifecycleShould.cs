using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Api;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// A key's whole life through the app's own doors: an owner creates it on the settings page, a script uses it, the
/// settings page shows the use, the owner revokes it there, and the very next request is refused.
/// </summary>
public sealed class ApiKeyLifecycleShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateUseRevokeAndRefuse()
    {
        var slug = TestOrganizations.NewSlug("lifecycle");
        await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var settings = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/settings");

        var created = await PageSession.ParseAsync(await settings.PostFormAsync("CreateKey", new() { ["KeyName"] = "Deploy", ["KeyRole"] = Roles.Member }));
        var key = created.QuerySelector("#new-key")!.GetAttribute("value")!;
        var id = created.QuerySelector("tr.api-key")!.GetAttribute("data-key-id")!;

        var script = app.KeyClient($"{slug}.localhost", key);
        var project = await script.SendJsonAsync(HttpMethod.Post, "/api/v1/projects", new { name = "Made by the script" });
        Assert.Equal(HttpStatusCode.Created, project.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync(project.Headers.Location, Ct)).StatusCode);
        var listed = await settings.ReloadAsync();
        Assert.NotEqual("Never", listed.QuerySelector($"#api-key-{id} .api-key-used")!.TextContent.Trim());
        Assert.Contains("Made by the script", (await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/"))
            .Document.Body!.TextContent, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await settings.PostFormAsync("RevokeKey", query: $"id={id}")).StatusCode);

        var refused = await script.GetAsync("/api/v1/projects", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await refused.ProblemAsync();
        Assert.StartsWith("Revoked", (await settings.ReloadAsync()).QuerySelector($"#api-key-{id} .api-key-state")!.TextContent.Trim(),
            StringComparison.Ordinal);
    }
}
