using System.Net;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using MemberRules = TenantSite.Pages.Org.Members.MemberRules;

namespace TenantSite.Tests.Pages.Org.Members;

/// <summary>
/// The members page over HTTP: reading, role changes and removal by htmx and plain forms. Inviting by email has its
/// own tests (InvitationsTests). Tests that change memberships make their own organization, so they never depend on
/// their order.
/// </summary>
public sealed class IndexShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    [Fact]
    public async Task ListsEveryMemberWithNameEmailRoleAndJoinedDateReadOnlyWithoutManageMembers()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Bob), "/members");

        var rows = page.Document.QuerySelectorAll("tr.member").Select(r =>
            $"{Words(r.QuerySelector(".member-name")!.TextContent)}|{r.QuerySelector(".member-email")!.TextContent.Trim()}|" +
            $"{r.QuerySelector(".member-role")!.TextContent.Trim()}|{r.QuerySelector("time")?.GetAttribute("datetime") is not null}");
        Assert.Equal(["Alice Anderson|alice@example.com|owner|True", "Bob Brown (you)|bob@example.com|member|True"], rows.Order());
        Assert.Equal("2 members", page.Document.QuerySelector("#member-count")!.TextContent.Trim());
        Assert.Empty(page.Document.QuerySelectorAll("main form, main select, main button"));
    }

    [Theory]
    [InlineData("Invite")]
    [InlineData("Revoke")]
    [InlineData("Role")]
    [InlineData("Remove")]
    public async Task RefusesMemberManagementToRolesWithoutManageMembers(string handler)
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Bob), "/members");

        var response = await page.PostFormAsync(handler, new() { ["Email"] = "carol@example.com", ["Role"] = Roles.Owner },
            htmx: true, query: $"userId={app.Demo.Alice}&id={Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(Roles.Owner, await RoleAsync(app.Demo.Acme, app.Demo.Alice));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM invitations WHERE organization_id = $1", app.Demo.Acme));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KeepsTheLastOwnerWhoCannotDemoteOrRemoveThemselves(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member));

        var demote = await page.PostFormAsync("Role", new() { ["Role"] = Roles.Admin }, htmx, query: $"userId={app.Demo.Alice}");
        var remove = await page.PostFormAsync("Remove", htmx: htmx, query: $"userId={app.Demo.Alice}");

        foreach (var response in new[] { demote, remove })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var html = await PageSession.ParseAsync(response);
            Assert.Equal(MemberRules.LastOwnerMessage, Text(html, $"#member-{app.Demo.Alice} .field-error"));
        }
        Assert.Equal(Roles.Owner, await RoleAsync(org, app.Demo.Alice));
    }

    [Fact]
    public async Task LetsTheOwnerStepDownAndLeaveOnceAnotherOwnerExists()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member));

        var promote = await page.PostFormAsync("Role", new() { ["Role"] = Roles.Owner }, htmx: true, query: $"userId={app.Demo.Bob}");
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(Roles.Owner, (await PageSession.ParseAsync(promote)).QuerySelector($"#member-{app.Demo.Bob}")!.GetAttribute("data-role"));

        // Her own role changed what the page may show her: htmx reloads the whole page.
        var stepDown = await page.PostFormAsync("Role", new() { ["Role"] = Roles.Admin }, htmx: true, query: $"userId={app.Demo.Alice}");
        Assert.Equal("/members", stepDown.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal(Roles.Admin, await RoleAsync(org, app.Demo.Alice));
        var asAdmin = await page.ReloadAsync();
        Assert.Empty(asAdmin.QuerySelectorAll($"#member-{app.Demo.Bob} form"));
        Assert.DoesNotContain(Roles.Owner, asAdmin.QuerySelectorAll($"#member-{app.Demo.Alice} option").Select(o => o.GetAttribute("value")));

        var leave = await page.PostFormAsync("Remove", query: $"userId={app.Demo.Alice}");
        Assert.Equal(HttpStatusCode.Redirect, leave.StatusCode);
        Assert.Equal("http://localhost/", leave.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/members")).StatusCode);
    }

    [Fact]
    public async Task KeepsAdminsAwayFromTheOwnerRole()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Bob,
            (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin), (app.Demo.Carol, Roles.Member));

        Assert.Empty(page.Document.QuerySelectorAll($"#member-{app.Demo.Alice} form"));
        Assert.DoesNotContain(Roles.Owner, page.Document.QuerySelectorAll("select[name=Role] option").Select(o => o.GetAttribute("value")));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await page.PostFormAsync("Role", new() { ["Role"] = Roles.Owner }, htmx: true, query: $"userId={app.Demo.Carol}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await page.PostFormAsync("Role", new() { ["Role"] = Roles.Admin }, htmx: true, query: $"userId={app.Demo.Alice}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostFormAsync("Remove", htmx: true, query: $"userId={app.Demo.Alice}")).StatusCode);

        var demote = await page.PostFormAsync("Role", new() { ["Role"] = Roles.Viewer }, htmx: true, query: $"userId={app.Demo.Carol}");
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Equal(Roles.Owner, await RoleAsync(org, app.Demo.Alice));
        Assert.Equal(Roles.Viewer, await RoleAsync(org, app.Demo.Carol));
    }

    [Fact]
    public async Task RemovesAMemberUpdatingTheCountOrAnswersNotFoundForANonMember()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice,
            (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member), (app.Demo.Carol, Roles.Viewer));

        var htmx = await page.PostFormAsync("Remove", htmx: true, query: $"userId={app.Demo.Bob}");
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var html = await PageSession.ParseAsync(htmx);
        Assert.Empty(html.QuerySelectorAll("tr.member"));
        Assert.Equal("2 members", Text(html, "#member-count[hx-swap-oob=true]"));
        Assert.Equal("Bob Brown removed.", Text(html, "#flash[hx-swap-oob=true]"));

        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync("Remove", query: $"userId={app.Demo.Carol}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("Remove", query: $"userId={app.Demo.Carol}")).StatusCode);
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE organization_id = $1", org));
    }

    private async Task<(Guid Org, PageSession Page)> NewOrganizationAsync(Guid actor, params (Guid, string)[] members)
    {
        var slug = TestOrganizations.NewSlug("members");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, members);
        return (org, await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", actor), "/members"));
    }

    private Task<string> RoleAsync(Guid org, Guid user) => TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
        "SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2", org, user);

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Text(IParentNode html, string selector) => html.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
