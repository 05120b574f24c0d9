using System.Net;
using AngleSharp.Dom;
using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using InvitationRules = TenantSite.Org.Members.InvitationRules;
using MemberRules = TenantSite.Org.Members.MemberRules;
using MembersPage = TenantSite.Pages.Org.Members.Index;

namespace TenantSite.Tests.Pages.Org.Members;

/// <summary>
/// Inviting on the members page: the same answer whether or not an address has an account, no membership before the
/// invitee accepts, one open invitation per address, revocation, the owner rules, and a resend judged again when the
/// invitation's role or the resender's changes meanwhile. Each test makes its own organization.
/// </summary>
public sealed class IndexInvitationsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task AnswersAKnownAndAnUnknownAddressAlikeForHtmx()
    {
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        var (knownOrg, knownPage) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var (unknownOrg, unknownPage) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));

        var known = await knownPage.PostFormAsync("Invite", new() { ["Email"] = "Carol@Example.com", ["Role"] = Roles.Viewer }, htmx: true);
        var other = await unknownPage.PostFormAsync("Invite", new() { ["Email"] = unknown, ["Role"] = Roles.Viewer }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known.StatusCode, other.StatusCode);
        var knownText = Words(((INode)await PageSession.ParseAsync(known)).TextContent).Replace("carol@example.com", "EMAIL");
        Assert.Equal(knownText, Words(((INode)await PageSession.ParseAsync(other)).TextContent).Replace(unknown, "EMAIL"));
        Assert.Contains(MembersPage.InvitedMessage("EMAIL", Roles.Viewer, emailed: false), knownText);
        Assert.Null(await RoleAsync(knownOrg, app.Demo.Carol));
        Assert.Equal(["carol@example.com|viewer"], await OpenInvitationsAsync(knownOrg));
        Assert.Equal([$"{unknown}|viewer"], await OpenInvitationsAsync(unknownOrg));
    }

    [Fact]
    public async Task AnswersAKnownAndAnUnknownAddressAlikeForPlainForms()
    {
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        var (knownOrg, knownPage) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var (_, unknownPage) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));

        var known = await knownPage.PostFormAsync("Invite", new() { ["Email"] = "bob@example.com" });
        var other = await unknownPage.PostFormAsync("Invite", new() { ["Email"] = unknown });

        // No mail server here: the page itself shows the link, once (a redirect would carry it in a cookie).
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(known.StatusCode, other.StatusCode);
        Assert.Equal("Invitation link for bob@example.com", Text(await PageSession.ParseAsync(known), "#invitation-link label"));
        Assert.Equal($"Invitation link for {unknown}", Text(await PageSession.ParseAsync(other), "#invitation-link label"));
        Assert.Null(await RoleAsync(knownOrg, app.Demo.Bob));
    }

    [Fact]
    public async Task ListsOpenInvitationsWithRoleInviterAndExpiry()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "old@example.com", Roles.Member, app.Demo.Alice,
            TimeSpan.FromDays(-1));

        await page.PostFormAsync("Invite", new() { ["Email"] = "dana@example.com", ["Role"] = Roles.Admin });

        var rows = (await page.ReloadAsync()).QuerySelectorAll("tr.invitation").Select(r =>
            $"{Text(r, ".invitation-email")}|{Text(r, ".invitation-role")}|{Text(r, ".invitation-inviter")}|" +
            $"{r.QuerySelector(".invitation-expires time")!.GetAttribute("datetime")![..10]}|{r.QuerySelector(".invitation-expires small") is not null}");
        Assert.Equal([
            $"old@example.com|member|Alice Anderson|{DateTimeOffset.UtcNow.AddDays(-1):yyyy-MM-dd}|True",
            $"dana@example.com|admin|Alice Anderson|{DateTimeOffset.UtcNow.AddDays(7):yyyy-MM-dd}|False",
        ], rows);
    }

    [Fact]
    public async Task RenewsTheOpenInvitationOfAnAddressInsteadOfAddingAnother()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var first = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Viewer,
            expiresIn: TimeSpan.FromDays(-2));

        var again = await page.PostFormAsync("Invite", new() { ["Email"] = "DANA@example.com", ["Role"] = Roles.Admin }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["dana@example.com|admin"], await OpenInvitationsAsync(org));
        Assert.Equal(first, await ScalarAsync<Guid>("SELECT id FROM invitations WHERE organization_id = $1", org));
        Assert.True(await ScalarAsync<bool>(
            "SELECT expires_at > now() + interval '6 days' AND invited_by = $2 FROM invitations WHERE id = $1", first, app.Demo.Alice));
    }

    // The list above the form already shows every member's email to whoever may invite: saying so reveals nothing.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SaysThatAMemberIsAMemberAlready(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Viewer));

        var response = await page.PostFormAsync("Invite", new() { ["Email"] = "Bob@Example.com", ["Role"] = Roles.Admin }, htmx);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("bob@example.com is already a member.", Text(await PageSession.ParseAsync(response), "#invite-error"));
        Assert.Empty(await OpenInvitationsAsync(org));
        Assert.Equal(Roles.Viewer, await RoleAsync(org, app.Demo.Bob));
    }

    [Theory]
    [InlineData("", null, InvitationRules.InvalidEmail)]
    [InlineData("not-an-address", null, InvitationRules.InvalidEmail)]
    [InlineData("Dana <dana@example.com>", null, InvitationRules.InvalidEmail)]
    [InlineData("dana@example.com", "superuser", MemberRules.UnknownRoleMessage)]
    public async Task ExplainsAnUnusableAddressOrRoleWith422(string email, string? role, string error)
    {
        await ExplainsWith422(email, role, error);
    }

    // Control characters (a NUL PostgreSQL would refuse, a CRLF that would smuggle a header into an email) never reach
    // the page: the input check refuses them first, saying which field, for plain forms and htmx alike.
    [Theory]
    [InlineData("dana\u0000@example.com", "U+0000")]
    [InlineData("dana@example.com\r\nBcc: eve@example.com", "U+000D")]
    public async Task RefusesAControlCharacterInTheAddressWith400(string email, string character)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));

        foreach (var htmx in new[] { true, false })
        {
            var response = await page.PostFormAsync("Invite", new() { ["Email"] = email }, htmx);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains($"The form field “Email” contains a control character ({character})",
                System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        }
        Assert.Empty(await OpenInvitationsAsync(org));
    }

    [Fact]
    public Task ExplainsAnAddressTooLongToBeOneWith422() => ExplainsWith422(new string('d', 250) + "@example.com", null, InvitationRules.InvalidEmail);

    private async Task ExplainsWith422(string email, string? role, string error)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var fields = new Dictionary<string, string> { ["Email"] = email };
        if (role is not null) fields["Role"] = role;

        foreach (var htmx in new[] { true, false })
        {
            var response = await page.PostFormAsync("Invite", fields, htmx);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(error, Text(await PageSession.ParseAsync(response), "#invite-error"));
        }
        Assert.Empty(await OpenInvitationsAsync(org));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RevokesAnOpenInvitationAndSaysWhenItWasAnsweredMeanwhile(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Member);
        var accepted = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "erin@example.com", Roles.Member);
        await page.ReloadAsync();
        await ScalarAsync<Guid>("UPDATE invitations SET accepted_at = now() WHERE id = $1 RETURNING id", accepted);

        var revoke = await page.PostFormAsync("Revoke", htmx: htmx, query: $"id={invitation}");

        Assert.Equal(htmx ? HttpStatusCode.OK : HttpStatusCode.Redirect, revoke.StatusCode);
        var answer = htmx ? await PageSession.ParseAsync(revoke) : await page.ReloadAsync();
        Assert.Equal("The invitation for dana@example.com is revoked.", Text(answer, htmx ? "#flash[hx-swap-oob=true]" : "#flash"));
        Assert.Empty(answer.QuerySelectorAll($"#invitation-{invitation}"));
        Assert.True(await ScalarAsync<bool>("SELECT revoked_at IS NOT NULL FROM invitations WHERE id = $1", invitation));

        var late = await page.PostFormAsync("Revoke", htmx: htmx, query: $"id={accepted}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Equal("The invitation for erin@example.com was accepted already.", Text(await PageSession.ParseAsync(late), "#invitation-error"));
        Assert.True(await ScalarAsync<bool>("SELECT revoked_at IS NULL FROM invitations WHERE id = $1", accepted));
    }

    [Fact]
    public async Task AnswersNotFoundForAnotherOrganizationsInvitation()
    {
        var (_, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var elsewhere = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, app.Demo.Globex, "dana@example.com", Roles.Member);

        Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("Revoke", htmx: true, query: $"id={elsewhere}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await page.PostFormAsync("Revoke", htmx: true, query: "id=not-a-guid")).StatusCode);
        Assert.True(await ScalarAsync<bool>("SELECT revoked_at IS NULL FROM invitations WHERE id = $1", elsewhere));
    }

    [Fact]
    public async Task LeavesOwnerInvitationsToOwners()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Bob, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var owners = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Owner);
        var html = await page.ReloadAsync();

        Assert.DoesNotContain(Roles.Owner, html.QuerySelectorAll("#invite-member option").Select(o => o.GetAttribute("value")));
        Assert.Empty(html.QuerySelectorAll($"#invitation-{owners} form"));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await page.PostFormAsync("Invite", new() { ["Email"] = "erin@example.com", ["Role"] = Roles.Owner }, htmx: true)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostFormAsync("Revoke", htmx: true, query: $"id={owners}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await page.PostFormAsync("Resend", htmx: true, query: $"id={owners}")).StatusCode);
        var renew = await page.PostFormAsync("Invite", new() { ["Email"] = "dana@example.com", ["Role"] = Roles.Viewer }, htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, renew.StatusCode);
        Assert.Equal("dana@example.com has an open invitation as owner, which only an owner can change.",
            Text(await PageSession.ParseAsync(renew), "#invite-error"));
        Assert.Equal(["dana@example.com|owner"], await OpenInvitationsAsync(org));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ShowsTheLinkOnceUncachedAndKeepsOnlyItsHash(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));

        var response = await page.PostFormAsync("Invite", new() { ["Email"] = "dana@example.com", ["Role"] = Roles.Admin }, htmx);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var link = (await PageSession.ParseAsync(response)).QuerySelector("#invitation-link-url")!.GetAttribute("value")!;
        var slugOfOrg = await ScalarAsync<string>("SELECT slug FROM organizations WHERE id = $1", org);
        Assert.Matches($"^http://localhost/join/{slugOfOrg}/[a-z2-7]{{52}}$", link);
        var token = link[(link.LastIndexOf('/') + 1)..];
        Assert.True(await ScalarAsync<bool>(
            "SELECT token_hash = sha256(convert_to($2, 'UTF8')) AND last_sent_at IS NOT NULL FROM invitations WHERE organization_id = $1", org, token));
        // Shown once: the page afterwards has no link, and the token is nowhere in the database.
        Assert.Null((await page.ReloadAsync()).QuerySelector("#invitation-link-url"));
        Assert.False(await ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM invitations i WHERE i::text LIKE '%' || $1 || '%')", token));
    }

    [Fact]
    public async Task ResendingMakesANewLinkAndRenewsTheExpiry()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Alice, (app.Demo.Alice, Roles.Owner));
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Member,
            expiresIn: TimeSpan.FromDays(-1));
        await page.ReloadAsync();

        var resend = await page.PostFormAsync("Resend", htmx: true, query: $"id={invitation}");

        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var html = await PageSession.ParseAsync(resend);
        Assert.Equal(MembersPage.ResentMessage("dana@example.com", emailed: false), Text(html, "#flash[hx-swap-oob=true]"));
        var token = html.QuerySelector("#invitation-link-url")!.GetAttribute("value")!.Split('/')[^1];
        Assert.True(await ScalarAsync<bool>(
            "SELECT token_hash = sha256(convert_to($2, 'UTF8')) AND expires_at > now() + interval '6 days' FROM invitations WHERE id = $1",
            invitation, token));
        Assert.Equal(HttpStatusCode.NotFound, (await page.PostFormAsync("Resend", htmx: true, query: $"id={Guid.NewGuid()}")).StatusCode);
    }

    // An owner makes the invitation one for an owner while an admin resends it (the owner's lock holds the resend's write
    // until the owner commits): the resend's own condition on the role it checked refuses it, and says why.
    [Fact]
    public async Task RefusesToResendAnInvitationWhoseRoleChangesWhileItIsResent()
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Bob, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Member);
        await page.ReloadAsync();
        await using var owner = new NpgsqlConnection(app.AdminConnectionString);
        await owner.OpenAsync(Ct);
        await using var ownerTx = await owner.BeginTransactionAsync(Ct);
        await Sql.ReadAsync(owner, "UPDATE invitations SET role = 'owner', invited_by = $2 WHERE id = $1", invitation, app.Demo.Alice);

        var resending = page.PostFormAsync("Resend", htmx: true, query: $"id={invitation}");
        Assert.True(await LockWaits.UntilWaitingAsync(app.AdminConnectionString, resending), "the resend did not wait for the owner's change");
        await ownerTx.CommitAsync(Ct);
        var resend = await resending;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, resend.StatusCode);
        var html = await PageSession.ParseAsync(resend);
        Assert.Equal(InvitationRules.ChangedMeanwhileMessage("dana@example.com", Roles.Owner), Text(html, "#invitation-error"));
        Assert.Empty(html.QuerySelectorAll($"#invitation-{invitation} form"));
        Assert.True(await ScalarAsync<bool>("SELECT token_hash IS NULL AND invited_by = $2 FROM invitations WHERE id = $1", invitation, app.Demo.Alice));
    }

    // Bob was demoted by a writer this instance has not heard from yet (triggers off: no notification empties its
    // membership cache, which still says admin): the resend's own statement checks his role again.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefusesToResendForSomeoneWhoMayNoLongerInvite(bool htmx)
    {
        var (org, page) = await NewOrganizationAsync(app.Demo.Bob, (app.Demo.Alice, Roles.Owner), (app.Demo.Bob, Roles.Admin));
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Member);
        await app.Notifications.PassAsync(app.AdminConnectionString, Ct);
        await page.ReloadAsync();
        await using (var writer = new NpgsqlConnection(app.AdminConnectionString))
        {
            await writer.OpenAsync(Ct);
            await Sql.ReadAsync(writer, "SET session_replication_role = replica");
            await Sql.ReadAsync(writer, "UPDATE organization_members SET role = 'member' WHERE organization_id = $1 AND user_id = $2", org, app.Demo.Bob);
        }

        var resend = await page.PostFormAsync("Resend", htmx: htmx, query: $"id={invitation}");

        Assert.Equal(HttpStatusCode.Forbidden, resend.StatusCode);
        Assert.True(await ScalarAsync<bool>("SELECT token_hash IS NULL AND invited_by IS NULL FROM invitations WHERE id = $1", invitation));
    }

    private async Task<(Guid Org, PageSession Page)> NewOrganizationAsync(Guid actor, params (Guid, string)[] members)
    {
        var slug = TestOrganizations.NewSlug("invite");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, members);
        return (org, await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", actor), "/members"));
    }

    private async Task<string?> RoleAsync(Guid org, Guid user) => await TestOrganizations.ScalarAsync<object>(app.AdminConnectionString,
        "SELECT (SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2)", org, user) as string;

    private async Task<string[]> OpenInvitationsAsync(Guid org) => await TestOrganizations.ScalarAsync<string[]>(app.AdminConnectionString,
        "SELECT coalesce(array_agg(email || '|' || role ORDER BY created_at), '{}') FROM invitations " +
        "WHERE organization_id = $1 AND accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL", org);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<T> ScalarAsync<T>(string sql, params object[] args) => TestOrganizations.ScalarAsync<T>(app.AdminConnectionString, sql, args);

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Text(IParentNode html, string selector) => Words(html.QuerySelector(selector)?.TextContent ?? "");
}
