using System.Net;
using AngleSharp.Dom;
using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using MemberRules = TenantSite.Org.Members.MemberRules;

namespace TenantSite.Tests.Pages.Org.Members;

/// <summary>
/// The members page over HTTP: reading, role changes and removal by htmx and plain forms, and the refusal of a change
/// made on a role someone else changed meanwhile. Inviting by email has its own tests (IndexInvitationsShould). Tests
/// that change memberships make their own organization, so they never depend on their order.
/// </summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
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

        var demote = await page.PostFormAsync("Role", Change(Roles.Owner, Roles.Admin), htmx, query: $"userId={app.Demo.Alice}");
        var remove = await page.PostFormAsync("Remove", Seen(Roles.Owner), htmx, query: $"userId={app.Demo.Alice}");

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

        var promote = await page.PostFormAsync("Role", Change(Roles.Member, Roles.Owner), htmx: true, query: $"userId={app.Demo.Bob}");
        Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        Assert.Equal(Roles.Owner, (await PageSession.ParseAsync(promote)).QuerySelector($"#member-{app.Demo.Bob}")!.GetAttribute("data-role"));

        // Her own role changed what the page may show her: htmx reloads the whole page.
        var stepDown = await page.PostFormAsync("Role", Change(Roles.Owner, Roles.Admin), htmx: true, query: $"userId={app.Demo.Alice}");
        Assert.Equal("/members", stepDown.Headers.GetValues("HX-Redirect").Single());
        Assert.Equal(Roles.Admin, await RoleAsync(org, app.Demo.Alice));
        var asAdmin = await page.ReloadAsync();
        Assert.Empty(asAdmin.QuerySelectorAll($"#member-{app.Demo.Bob} form"));
        Assert.DoesNotContain(Roles.Owner, asAdmin.QuerySelectorAll($"#member-{app.Demo.Alice} option").Select(o => o.GetAttribute("value")));

        var leave = await page.PostFormAsync("Remove", Seen(Roles.Admin), query: $"userId={app.Demo.Alice}");
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
            (await page.PostFormAsync("Role", Change(Roles.Member, Roles.Owner), htmx: true, query: $"userId={app.Demo.Carol}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await page.PostFormAsync("Role", Change(Roles.Owner, Roles.Admin), htmx: true, query: $"userId={app.Demo.Alice}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await page.PostFormAsync("Remove", Seen(Roles.Owner), htmx: true, query: $"userId={app.Demo.Alice}")).StatusCode);

        var demote = await page.PostFormAsync("Role", Change(Roles.Member, Roles.Viewer), htmx: true, query: $"userId={app.Demo.Carol}");
        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Equal(Roles.Owner, await RoleAsync(org, app.Demo.Alice));
        Assert.Equal(Roles.Viewer, await RoleAsync(org, app.Demo.Carol));
    }

    [Fact]
    public async Task RemovesAMemberUpdatingTheCountOrAnswersNotFoundForANonMember()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice,
            (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member), (app.Demo.Carol, Roles.Viewer));

        var htmx = await page.PostFormAsync("Remove", Seen(Roles.Member), htmx: true, query: $"userId={app.Demo.Bob}");
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        var html = await PageSession.ParseAsync(htmx);
        Assert.Empty(html.QuerySelectorAll("tr.member"));
        Assert.Equal("2 members", Text(html, "#member-count[hx-swap-oob=true]"));
        Assert.Equal("Bob Brown removed.", Text(html, "#flash[hx-swap-oob=true]"));

        Assert.Equal(HttpStatusCode.Redirect, (await page.PostFormAsync("Remove", Seen(Roles.Viewer), query: $"userId={app.Demo.Carol}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("Remove", Seen(Roles.Viewer), query: $"userId={app.Demo.Carol}")).StatusCode);
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE organization_id = $1", org));
    }

    [Fact]
    public async Task SendsTheRoleItShowsWithEveryChangeOfAMember()
    {
        var (_, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member));

        var forms = page.Document.QuerySelectorAll($"#member-{app.Demo.Bob} form");

        Assert.Equal(2, forms.Length);
        Assert.All(forms, form => Assert.Equal(Roles.Member, form.QuerySelector("input[type=hidden][name=SeenRole]")?.GetAttribute("value")));
    }

    // Someone else changed Bob's role after the page showed it: a change made on what the page showed is refused with
    // what happened, the row shows his role now, and the other writer's role stays.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefusesAChangeOrRemovalOfARoleChangedMeanwhile(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member));
        await SetRoleAsync(org, app.Demo.Bob, Roles.Admin);

        var change = await page.PostFormAsync("Role", Change(Roles.Member, Roles.Viewer), htmx, query: $"userId={app.Demo.Bob}");
        var remove = await page.PostFormAsync("Remove", Seen(Roles.Member), htmx, query: $"userId={app.Demo.Bob}");

        foreach (var response in new[] { change, remove })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var html = await PageSession.ParseAsync(response);
            Assert.Equal(MemberRules.ChangedMeanwhileMessage("Bob Brown", Roles.Admin), Text(html, $"#member-{app.Demo.Bob} .field-error"));
            Assert.Equal(Roles.Admin, html.QuerySelector($"#member-{app.Demo.Bob}")!.GetAttribute("data-role"));
            Assert.Equal(Roles.Admin, html.QuerySelector($"#member-{app.Demo.Bob} input[name=SeenRole]")!.GetAttribute("value"));
        }
        Assert.Equal(Roles.Admin, await RoleAsync(org, app.Demo.Bob));
    }

    // The other writer's change lands between the page's read and its write (its lock holds the page's write until it
    // commits): the write's own condition on the role it was shown refuses it.
    [Theory]
    [InlineData("Role")]
    [InlineData("Remove")]
    public async Task RefusesAChangeWhoseMemberChangesRoleWhileItIsSaved(string handler)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member));
        await using var other = new NpgsqlConnection(app.AdminConnectionString);
        await other.OpenAsync(TestContext.Current.CancellationToken);
        await using var otherTx = await other.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await Sql.ReadAsync(other, "UPDATE organization_members SET role = 'admin' WHERE organization_id = $1 AND user_id = $2", org, app.Demo.Bob);

        var posting = page.PostFormAsync(handler, Change(Roles.Member, Roles.Viewer), htmx: true, query: $"userId={app.Demo.Bob}");
        Assert.True(await LockWaits.UntilWaitingAsync(app.AdminConnectionString, posting), "the page's write did not wait for the other");
        await otherTx.CommitAsync(TestContext.Current.CancellationToken);
        var response = await posting;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(MemberRules.ChangedMeanwhileMessage("Bob Brown", Roles.Admin),
            Text(await PageSession.ParseAsync(response), $"#member-{app.Demo.Bob} .field-error"));
        Assert.Equal(Roles.Admin, await RoleAsync(org, app.Demo.Bob));
    }

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "superuser")]
    public async Task RefusesAChangeFromAFormThatDoesNotSayWhichRoleItShowed(bool htmx, string? seen)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Member));
        var fields = new Dictionary<string, string> { ["Role"] = Roles.Viewer };
        if (seen is not null) fields["SeenRole"] = seen;

        var change = await page.PostFormAsync("Role", fields, htmx, query: $"userId={app.Demo.Bob}");
        var remove = await page.PostFormAsync("Remove", fields, htmx, query: $"userId={app.Demo.Bob}");

        foreach (var response in new[] { change, remove })
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(MemberRules.OutdatedFormMessage, Text(await PageSession.ParseAsync(response), $"#member-{app.Demo.Bob} .field-error"));
        }
        Assert.Equal(Roles.Member, await RoleAsync(org, app.Demo.Bob));
    }

    private async Task<(Guid Org, PageSession Page)> NewOrganizationAsync(Guid actor, params (Guid, string)[] members)
    {
        var slug = TestOrganizations.NewSlug("members");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, members);
        return (org, await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", actor), "/members"));
    }

    private Task<string> RoleAsync(Guid org, Guid user) => TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
        "SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2", org, user);

    // As the superuser: another writer, who changes a role after the page showed it.
    private Task SetRoleAsync(Guid org, Guid user, string role) => TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString,
        "UPDATE organization_members SET role = $3 WHERE organization_id = $1 AND user_id = $2 RETURNING user_id", org, user, role);

    // What a row's forms send: the role the page showed (both forms) and the new role (the role form).
    private static Dictionary<string, string> Seen(string seen) => new() { ["SeenRole"] = seen };

    private static Dictionary<string, string> Change(string seen, string role) => new() { ["SeenRole"] = seen, ["Role"] = role };

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Text(IParentNode html, string selector) => html.QuerySelector(selector)?.TextContent.Trim() ?? "";
}
