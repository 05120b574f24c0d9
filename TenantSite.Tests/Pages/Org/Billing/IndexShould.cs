using System.Net;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org.Billing;

/// <summary>The billing page: owners only; the plan, the usage against each limit, and a change of plan that fits.</summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task ShowTheOwnerThePlanTheUsageAndTheChoices()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 2, members: 3);

        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        Assert.Equal("free", Text(page.Document, "#current-plan"));
        Assert.Equal("Projects|2|3", Cells(page.Document, "#usage-projects"));
        Assert.Equal("Members|3|5", Cells(page.Document, "#usage-members"));
        Assert.Equal(["free: 3 projects, 5 members", "pro: 50 projects, 50 members", "enterprise: unlimited projects, unlimited members"],
            page.Document.QuerySelectorAll("#change-plan label").Select(l => Words(l.TextContent)));
        Assert.Equal("free", page.Document.QuerySelector("#change-plan input:checked")!.GetAttribute("value"));
        Assert.NotNull(page.Document.QuerySelector("header nav a[href='/billing']"));
    }

    [Theory]
    [InlineData(1)] // admin
    [InlineData(2)] // member
    [InlineData(3)] // viewer
    public async Task RefuseEveryoneButOwners(int member)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0, members: 4);
        var client = app.ClientFor(org.Host, org.Members[member]);
        var dashboard = await PageSession.OpenAsync(client, "/");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/billing", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.PostAsync("/billing?handler=Change", new() { ["Plan"] = "pro" }, htmx: true)).StatusCode);
        Assert.Null(dashboard.Document.QuerySelector("header nav a[href='/billing']"));
        Assert.Equal(Plans.Free, await org.PlanAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task ChangeThePlanWithHtmxAndShowTheNewLimits()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 3);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        var response = await page.PostFormAsync("Change", new() { ["Plan"] = "pro" }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await PageSession.ParseAsync(response);
        Assert.Equal("pro", Text(fragment, "#current-plan"));
        Assert.Equal("Projects|3|50", Cells(fragment, "#usage-projects"));
        Assert.Equal($"Org {org.Slug} is now on the pro plan.", Text(fragment, "#flash"));
        Assert.Equal(Plans.Pro, await org.PlanAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task ChangeThePlanWithoutJavaScriptAndRedirectBack()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Pro, projects: 1);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        var response = await page.PostFormAsync("Change", new() { ["Plan"] = "free" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reloaded = await page.ReloadAsync();
        Assert.Equal("free", Text(reloaded, "#current-plan"));
        Assert.Equal($"Org {org.Slug} is now on the free plan.", Text(reloaded, ".flash"));
    }

    [Theory]
    [InlineData(true, 4, 1, "has 4 projects; free allows 3.")]
    [InlineData(false, 0, 6, "has 6 members; free allows 5.")]
    public async Task RefuseADowngradeBeyondTheNewLimitsWithTheReason(bool htmx, int projects, int members, string reason)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Pro, projects, members);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        var response = await page.PostFormAsync("Change", new() { ["Plan"] = "free" }, htmx: htmx);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await PageSession.ParseAsync(response);
        Assert.Equal($"Org {org.Slug} {reason}", Text(html, "#plan-error"));
        Assert.Equal("pro", Text(html, "#current-plan"));
        Assert.Equal(Plans.Pro, await org.PlanAsync(app.AdminConnectionString));
    }

    [Theory]
    [InlineData("", "Choose one of the plans: free, pro, enterprise.")]
    [InlineData("platinum", "Choose one of the plans: free, pro, enterprise.")]
    [InlineData("free", "is on the free plan already.")]
    public async Task RefuseAPlanThatIsNoChange(string plan, string message)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/billing");

        var response = await page.PostFormAsync("Change", new() { ["Plan"] = plan }, htmx: true);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.EndsWith(message, Text(await PageSession.ParseAsync(response), "#plan-error"));
    }

    private static string Cells(IParentNode html, string row) =>
        string.Join('|', html.QuerySelectorAll($"{row} th, {row} td").Select(c => c.TextContent.Trim()));

    private static string Text(IParentNode html, string selector) => Words(html.QuerySelector(selector)?.TextContent ?? "");

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
