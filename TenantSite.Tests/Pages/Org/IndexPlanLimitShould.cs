using System.Net;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org;

/// <summary>The dashboard at the plan's project limit (free: 3): refused with the reason and the way up, nothing saved.</summary>
public sealed class IndexPlanLimitShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefuseAProjectBeyondThePlanWithTheReasonAndAnUpgradeLink(bool htmx)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 3);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/");

        var response = await page.PostFormAsync("Create", new() { ["Name"] = "One too many" }, htmx: htmx);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await PageSession.ParseAsync(response);
        var hint = html.QuerySelector("#create-limit")!;
        Assert.Equal($"Org {org.Slug} has 3 projects, as many as the free plan allows. Upgrade the plan to create more.", Words(hint));
        Assert.Equal("/billing", hint.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("One too many", html.QuerySelector("#create-project input[name=Name]")!.GetAttribute("value"));
        Assert.Equal(3, await org.ProjectCountAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task TellThoseWhoCannotChangeThePlanToAskAnOwner()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 3, members: 3);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Members[2]), "/"); // a member

        var html = await PageSession.ParseAsync(await page.PostFormAsync("Create", new() { ["Name"] = "Nope" }, htmx: true));

        Assert.EndsWith("Ask an owner to upgrade the plan to create more.", Words(html.QuerySelector("#create-limit")!));
        Assert.Empty(html.QuerySelectorAll("#create-limit a"));
    }

    // Eight creates at once into an organization with room for one: the database's lock lets exactly one through, and
    // the others get the same message as a create that the page's own check refuses.
    [Fact]
    public async Task LetExactlyOneOfConcurrentCreatesTakeTheLastPlace()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 2);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/");

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            page.PostFormAsync("Create", new() { ["Name"] = $"Racer {i}" }, htmx: true)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToArray();
        Assert.Equal(7, refused.Length);
        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.StartsWith($"Org {org.Slug} has 3 projects, as many as the free plan allows.",
                Words((await PageSession.ParseAsync(response)).QuerySelector("#create-limit")!));
        }
        Assert.Equal(3, await org.ProjectCountAsync(app.AdminConnectionString));
    }

    private static string Words(IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
