using System.Net;
using AngleSharp.Dom;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using InvitationsPage = TenantSite.Pages.Invitations.Index;

namespace TenantSite.Tests.Pages.Invitations;

/// <summary>
/// The invitee's page on the root domain: their open invitations, accepting (joins once, opens the organization) and
/// declining, and one answer for every invitation they cannot answer. Each test signs up its own invitee.
/// </summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task ShowsTheUsersOpenInvitationsWithOrganizationRoleAndInviter()
    {
        var (_, org, invitation, page) = await InvitedAsync("dana", Roles.Viewer);

        var item = page.Document.QuerySelector($"#invitation-{invitation}")!;
        Assert.Equal($"Org {org.Slug} invites you as viewer (from Alice Anderson).", Words(item.QuerySelector("p")!.TextContent).Split(" Open until")[0]);
        Assert.Equal(2, item.QuerySelectorAll("form[method=post]").Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AcceptingJoinsWithTheInvitedRoleAndOpensTheOrganization(bool htmx)
    {
        var (user, org, invitation, page) = await InvitedAsync("erin", Roles.Admin);

        var accept = await page.PostFormAsync("Accept", htmx: htmx, query: $"id={invitation}");

        var target = htmx ? accept.Headers.GetValues("HX-Redirect").Single() : accept.Headers.Location!.OriginalString;
        Assert.Equal(htmx ? HttpStatusCode.NoContent : HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal($"/org/{org.Slug}", target);
        Assert.Equal(Roles.Admin, await RoleAsync(org.Id, user));
        var dashboard = await PageSession.ParseAsync(await page.GetAsync(target)); // the flash travels in this browser's cookie
        Assert.Equal($"Welcome to Org {org.Slug}! You joined as admin.", Text(dashboard, "#flash"));
    }

    [Fact]
    public async Task AcceptingTwiceJoinsOnce()
    {
        var (user, _, invitation, page) = await InvitedAsync("fay", Roles.Member);

        await page.PostFormAsync("Accept", htmx: true, query: $"id={invitation}");
        var again = await page.PostFormAsync("Accept", htmx: true, query: $"id={invitation}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(InvitationsPage.NotOpen, Text(await PageSession.ParseAsync(again), "#invitation-error"));
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE user_id = $1", user));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DecliningAnswersWithoutJoining(bool htmx)
    {
        var (user, org, invitation, page) = await InvitedAsync("gus", Roles.Member);

        var decline = await page.PostFormAsync("Decline", htmx: htmx, query: $"id={invitation}");

        Assert.Equal(htmx ? HttpStatusCode.OK : HttpStatusCode.Redirect, decline.StatusCode);
        var answer = htmx ? await PageSession.ParseAsync(decline) : await page.ReloadAsync();
        Assert.Equal($"You declined the invitation to Org {org.Slug}.", Text(answer, htmx ? "#flash[hx-swap-oob=true]" : "#flash"));
        Assert.Empty(answer.QuerySelectorAll("li.invitation"));
        Assert.Null(await RoleAsync(org.Id, user));
    }

    // An id that does not exist, someone else's invitation, and one's own expired or revoked one: the same 422, and
    // nothing joined. An expired invitation is not even listed.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnswersEveryInvitationItCannotAcceptTheSameWay(bool htmx)
    {
        var (user, email) = await SignUpAsync("hal");
        var org = await NewOrganizationAsync();
        var expired = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org.Id, email, Roles.Member,
            expiresIn: TimeSpan.FromMinutes(-1));
        var revoked = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, (await NewOrganizationAsync()).Id, email, Roles.Member);
        await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, "UPDATE invitations SET revoked_at = now() WHERE id = $1 RETURNING id", revoked);
        var someoneElses = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org.Id, "carol@example.com", Roles.Owner);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", user), "/invitations");
        Assert.Equal($"No open invitations for {email}.", Text(page.Document, "#no-invitations"));

        var answers = new List<string>();
        foreach (var id in new[] { Guid.NewGuid().ToString(), someoneElses.ToString(), expired.ToString(), revoked.ToString() })
        {
            var response = await page.PostFormAsync("Accept", htmx: htmx, query: $"id={id}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var html = await PageSession.ParseAsync(response);
            Assert.Equal(InvitationsPage.NotOpen, Text(html, "#invitation-error"));
            answers.Add(Text(html, "#invitations"));
        }
        Assert.Single(answers.Distinct());
        // Not an id at all is malformed input, refused before the page runs (as for every id).
        Assert.Equal(HttpStatusCode.BadRequest, (await page.PostFormAsync("Accept", htmx: htmx, query: "id=not-a-guid")).StatusCode);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE user_id = $1", user));
        Assert.True(await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString,
            "SELECT accepted_at IS NULL FROM invitations WHERE id = $1", someoneElses));
    }

    [Fact]
    public async Task SaysWhyNoInvitationReachesAnEmailTheProviderDidNotVouchFor()
    {
        var (user, email) = await SignUpAsync("ida", emailVerified: false);
        var org = await NewOrganizationAsync();
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org.Id, email, Roles.Member);

        var page = await PageSession.OpenAsync(app.ClientFor("localhost", user), "/invitations");

        Assert.Empty(page.Document.QuerySelectorAll("li.invitation"));
        Assert.StartsWith($"Your sign-in provider has not confirmed that {email} is yours", Text(page.Document, "#no-invitations"));
    }

    // The test scheme answers a challenge with 401; real sign-in sends the browser to /signin (InvitationSignInShould).
    [Fact]
    public async Task AsksWhoYouAreFirst()
    {
        var response = await app.ClientFor("localhost").GetAsync("/invitations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>A new user as sign-in provisions one, with a unique address; returns users.id and the address.</summary>
    internal static async Task<(Guid Id, string Email)> SignUpAsync(TenantSiteFactory app, string login, bool emailVerified = true)
    {
        var email = $"{login}-{Guid.NewGuid():N}@example.com";
        await using var runtime = new ScopedContext(app.Postgres.Runtime(app.Database), null, null);
        var id = await TenantSite.Data.DefinerFunctions.UpsertUserAsync(runtime.Db, "test", email, email, null, emailVerified,
            TestContext.Current.CancellationToken);
        return (id, email);
    }

    private Task<(Guid Id, string Email)> SignUpAsync(string login, bool emailVerified = true) => SignUpAsync(app, login, emailVerified);

    // A new user invited by Alice to a new organization, on their invitations page.
    private async Task<(Guid User, (Guid Id, string Slug) Org, Guid Invitation, PageSession Page)> InvitedAsync(string login, string role)
    {
        var (user, email) = await SignUpAsync(login);
        var org = await NewOrganizationAsync();
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org.Id, email, role, app.Demo.Alice);
        return (user, org, invitation, await PageSession.OpenAsync(app.ClientFor("localhost", user), "/invitations"));
    }

    private async Task<(Guid Id, string Slug)> NewOrganizationAsync()
    {
        var slug = TestOrganizations.NewSlug("invited");
        return (await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner)), slug);
    }

    private async Task<string?> RoleAsync(Guid org, Guid user) => await TestOrganizations.ScalarAsync<object>(app.AdminConnectionString,
        "SELECT (SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2)", org, user) as string;

    private static string Words(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Text(IParentNode html, string selector) => Words(html.QuerySelector(selector)?.TextContent ?? "");
}
