using System.Net;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;
using JoinPage = TenantSite.Pages.Join.Index;

namespace TenantSite.Tests.Pages.Join;

/// <summary>
/// An invitation link (<c>/join/{slug}/{token}</c>): whoever holds it sees the invitation, any signed-in account may
/// accept it (the page names which), once; a link that cannot be answered gets a page that says why, never a
/// membership. Each test makes its own organization and invitation.
/// </summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task ShowAnyoneWhoInvitesWhomWhereAndAskThemToSignIn()
    {
        var (slug, _, token) = await InvitedAsync("dana@example.com", Roles.Admin);

        var response = await app.ClientFor("localhost").GetAsync($"/join/{slug}/{token}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await PageSession.ParseAsync(response);
        Assert.Equal($"Join Org {slug}", Text(html, "h1"));
        Assert.Equal("Alice Anderson invited dana@example.com to join as admin.", Text(html, "#join-offer"));
        Assert.Equal($"/signin?returnUrl=%2Fjoin%2F{slug}%2F{token}", html.QuerySelector("#join-sign-in")!.GetAttribute("href"));
        Assert.Empty(html.QuerySelectorAll("form[action*='handler=Accept']"));
        var upperCased = await app.ClientFor("localhost").GetAsync($"/join/{slug}/{token.ToUpperInvariant()}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, upperCased.StatusCode);
    }

    [Fact]
    public async Task NameTheSignedInAccountThatWouldAcceptAndThatTheEmailDiffers()
    {
        var (slug, _, token) = await InvitedAsync("dana@example.com", Roles.Member);

        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{slug}/{token}");

        Assert.StartsWith("You are signed in as Bob Brown (bob@example.com). Accepting adds this account to", Text(page.Document, "#join-account"));
        Assert.Equal("The invitation was sent to dana@example.com; you may still accept it with this account.",
            Text(page.Document, "#join-other-email"));
        Assert.Equal("Accept as Bob Brown", Text(page.Document, "form[action*='handler=Accept'] button"));
    }

    [Fact]
    public async Task JoinAnyAccountWithTheInvitedRoleAndOpenTheOrganization()
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Admin);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{slug}/{token}");

        var accept = await page.PostFormAsync("Accept");

        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal($"/org/{slug}", accept.Headers.Location!.OriginalString);
        Assert.Equal(Roles.Admin, await RoleAsync(org, app.Demo.Bob));
        var dashboard = await PageSession.ParseAsync(await page.GetAsync($"/org/{slug}"));
        Assert.Equal($"Welcome to Org {slug}! You joined as admin.", Text(dashboard, "#flash"));
        Assert.True(await ScalarAsync<bool>("SELECT accepted_by = $2 FROM invitations WHERE organization_id = $1", org, app.Demo.Bob));
    }

    [Fact]
    public async Task JoinOnceWhenAcceptedTwiceAndSaySo()
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{slug}/{token}");
        await page.PostFormAsync("Accept");

        var again = await page.PostFormAsync("Accept");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await PageSession.ParseAsync(again);
        Assert.Equal($"You accepted this invitation already: you are in Org {slug}.", Text(html, "#join-problem"));
        Assert.Equal($"/org/{slug}", html.QuerySelector("#join-open")!.GetAttribute("href"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM organization_members WHERE organization_id = $1 AND user_id = $2",
            org, app.Demo.Bob));
    }

    [Fact]
    public async Task OpenNothingForAnotherAccountOnceUsed()
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        await (await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{slug}/{token}")).PostFormAsync("Accept");
        var carol = await app.ClientFor("localhost", app.Demo.Carol).GetAsync($"/join/{slug}/{token}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Gone, carol.StatusCode);
        Assert.Equal("This invitation has been used already: each link works once. Ask Alice Anderson for a new one.",
            Text(await PageSession.ParseAsync(carol), "#join-problem"));
        Assert.Null(await RoleAsync(org, app.Demo.Carol));
    }

    [Theory]
    [InlineData("expired", "This invitation expired on")]
    [InlineData("revoked", "This invitation was withdrawn. Ask Alice Anderson if you still should join")]
    [InlineData("declined", "This invitation was declined. Ask Alice Anderson for a new one")]
    public async Task ExplainAClosedInvitationAndJoinNobody(string state, string message)
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{slug}/{token}");
        await ScalarAsync<int>(state switch
        {
            "expired" => "UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE organization_id = $1 RETURNING 1",
            "revoked" => "UPDATE invitations SET revoked_at = now() WHERE organization_id = $1 RETURNING 1",
            _ => "UPDATE invitations SET declined_at = now() WHERE organization_id = $1 RETURNING 1",
        }, org);

        var shown = await page.GetAsync($"/join/{slug}/{token}");
        var accept = await page.PostFormAsync("Accept");

        foreach (var response in new[] { shown, accept })
        {
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            Assert.StartsWith(message, Text(await PageSession.ParseAsync(response), "#join-problem"));
        }
        Assert.Null(await RoleAsync(org, app.Demo.Bob));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("%E2%80%AE'--")]
    public async Task AnswerAnUnknownLinkWithAPageThatSaysSo(string token)
    {
        var (slug, org, _) = await InvitedAsync("dana@example.com", Roles.Member);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), "/");

        var response = await page.GetAsync($"/join/{slug}/{token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(JoinPage.UnknownLink, Text(await PageSession.ParseAsync(response), "#join-problem"));
        Assert.Null(await RoleAsync(org, app.Demo.Bob));
    }

    [Fact]
    public async Task OpenNothingBehindAnotherOrganizationsSlug()
    {
        var (_, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), "/");

        var shown = await page.GetAsync($"/join/globex/{token}");
        var accept = await page.PostAsync($"/join/globex/{token}?handler=Accept", []);

        foreach (var response in new[] { shown, accept })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.StartsWith("This invitation link does not belong to that organization.", Text(await PageSession.ParseAsync(response), "#join-problem"));
        }
        Assert.Null(await RoleAsync(org, app.Demo.Bob));
    }

    [Fact]
    public async Task OpenNothingThroughALinkThatWasResent()
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        var invitation = await ScalarAsync<Guid>("SELECT id FROM invitations WHERE organization_id = $1", org);
        var members = await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", app.Demo.Alice), "/members");

        var resent = await PageSession.ParseAsync(await members.PostFormAsync("Resend", htmx: true, query: $"id={invitation}"));

        var newLink = new Uri(resent.QuerySelector("#invitation-link-url")!.GetAttribute("value")!).AbsolutePath;
        var bob = app.ClientFor("localhost", app.Demo.Bob);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/join/{slug}/{token}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync(newLink, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task RefuseToJoinAFullOrganizationAndKeepTheLinkWorking()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0, members: 5);
        var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, org.Id, "dana@example.com", Roles.Member, org.Owner);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{org.Slug}/{token}");

        var accept = await page.PostFormAsync("Accept");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, accept.StatusCode);
        Assert.StartsWith($"Org {org.Slug} has 5 members, as many as the free plan allows.", Text(await PageSession.ParseAsync(accept), "#join-problem"));
        Assert.Equal(5, await org.MemberCountAsync(app.AdminConnectionString));
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/join/{org.Slug}/{token}")).StatusCode);
    }

    [Fact]
    public async Task DeclineWithoutJoining()
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", app.Demo.Bob), $"/join/{slug}/{token}");

        var decline = await page.PostFormAsync("Decline");

        Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);
        Assert.Equal("/", decline.Headers.Location!.OriginalString);
        Assert.Null(await RoleAsync(org, app.Demo.Bob));
        Assert.True(await ScalarAsync<bool>("SELECT declined_at IS NOT NULL FROM invitations WHERE organization_id = $1", org));
    }

    [Fact]
    public async Task SendASignedOutAnswerToSignInAndBack()
    {
        var (slug, org, token) = await InvitedAsync("dana@example.com", Roles.Member);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost"), $"/join/{slug}/{token}");

        var accept = await page.PostFormAsync("Accept");

        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal($"/signin?returnUrl=%2Fjoin%2F{slug}%2F{token}", accept.Headers.Location!.OriginalString);
        Assert.True(await ScalarAsync<bool>("SELECT accepted_at IS NULL FROM invitations WHERE organization_id = $1", org));
    }

    private async Task<(string Slug, Guid Org, string Token)> InvitedAsync(string email, string role)
    {
        var slug = TestOrganizations.NewSlug("join");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, org, email, role, app.Demo.Alice);
        return (slug, org, token);
    }

    private async Task<string?> RoleAsync(Guid org, Guid user) => await ScalarAsync<object>(
        "SELECT (SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2)", org, user) as string;

    private Task<T> ScalarAsync<T>(string sql, params object[] args) => TestOrganizations.ScalarAsync<T>(app.AdminConnectionString, sql, args);

    private static string Text(IParentNode html, string selector) =>
        string.Join(' ', (html.QuerySelector(selector)?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
