using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.RateLimits;

/// <summary>
/// Writes per user and per organization. Each test makes its own organization and users, so the tests share the app
/// without sharing a bucket.
/// </summary>
public sealed class WriteRateLimitShould(WriteLimitedApp app) : IClassFixture<WriteLimitedApp>
{
    private sealed record Team(Guid Organization, string Host, Guid[] Members);

    [Fact]
    public async Task AnswerAFormPostBeyondTheUsersLimitWithThe429PageAndSaveNothing()
    {
        var team = await NewTeamAsync(members: 1);
        var page = await DashboardAsync(team, team.Members[0]);
        for (var i = 1; i <= WriteLimitedApp.PerUser; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await CreateProjectAsync(page, $"Plain {i}")).StatusCode);

        var rejected = await CreateProjectAsync(page, "One too many");
        var seconds = TooManyRequestsAssert.Rejected(rejected, WriteLimitedApp.PerUser);
        var document = await PageSession.ParseAsync(rejected);
        Assert.Equal("Too many requests", document.QuerySelector("h1")?.TextContent);
        Assert.Contains(TooManyRequestsAssert.Message(seconds), document.QuerySelector("main")!.TextContent);
        Assert.Equal(WriteLimitedApp.PerUser, await ProjectCountAsync(team));
    }

    [Fact]
    public async Task AnswerAnHtmxWriteBeyondTheUsersLimitWithAFlashFragment()
    {
        var team = await NewTeamAsync(members: 1);
        var page = await DashboardAsync(team, team.Members[0]);
        for (var i = 1; i <= WriteLimitedApp.PerUser; i++)
            Assert.Equal(HttpStatusCode.OK, (await CreateProjectAsync(page, $"Htmx {i}", htmx: true)).StatusCode);

        var rejected = await CreateProjectAsync(page, "One too many", htmx: true);
        var seconds = TooManyRequestsAssert.Rejected(rejected, WriteLimitedApp.PerUser);
        var html = await rejected.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<!DOCTYPE", html, StringComparison.OrdinalIgnoreCase);
        var flash = (await PageSession.ParseAsync(rejected)).QuerySelector("p.flash.error[role=alert]");
        Assert.Contains(TooManyRequestsAssert.Message(seconds), flash?.TextContent);
        Assert.Equal(WriteLimitedApp.PerUser, await ProjectCountAsync(team));
    }

    [Fact]
    public async Task LimitAnOrganizationsWritesAcrossItsUsersButNotOtherOrganizations()
    {
        var team = await NewTeamAsync(members: 2);
        var first = await DashboardAsync(team, team.Members[0]);
        var second = await DashboardAsync(team, team.Members[1]);

        // The first user runs into their own limit; the request turned away takes nothing from the organization.
        for (var i = 1; i <= WriteLimitedApp.PerUser; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await CreateProjectAsync(first, $"First {i}")).StatusCode);
        TooManyRequestsAssert.Rejected(await CreateProjectAsync(first, "First, too many"), WriteLimitedApp.PerUser);

        // The second user has writes of their own left, but the organization has not.
        for (var i = 1; i <= WriteLimitedApp.PerOrganization - WriteLimitedApp.PerUser; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await CreateProjectAsync(second, $"Second {i}")).StatusCode);
        TooManyRequestsAssert.Rejected(await CreateProjectAsync(second, "Second, too many"), WriteLimitedApp.PerOrganization);
        Assert.Equal(WriteLimitedApp.PerOrganization, await ProjectCountAsync(team));

        // Elsewhere the second user still has the write that the organization's refusal did not take from them.
        var elsewhere = TestOrganizations.NewSlug("limits");
        await TestOrganizations.CreateAsync(app.AdminConnectionString, elsewhere, (team.Members[1], Roles.Member));
        var otherDashboard = await PageSession.OpenAsync(app.ClientFor($"{elsewhere}.localhost", team.Members[1]), "/");
        Assert.Equal(HttpStatusCode.Redirect, (await CreateProjectAsync(otherDashboard, "Elsewhere")).StatusCode);
    }

    [Fact]
    public async Task CountNoWriteThatAuthorizationTurnedAway()
    {
        var team = await NewTeamAsync(members: 1);
        var outsider = await NewTeamAsync(members: 1);
        var outsiderAtTeam = await PageSession.OpenAsync(app.ClientFor(outsider.Host, outsider.Members[0]), "/");
        for (var i = 0; i < WriteLimitedApp.PerOrganization + 2; i++)
        {
            var response = await outsiderAtTeam.PostAsync($"http://{team.Host}/?handler=Create", new() { ["Name"] = "Intrusion" });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Neither the organization's budget nor the outsider's own was touched.
        var member = await DashboardAsync(team, team.Members[0]);
        for (var i = 1; i <= WriteLimitedApp.PerUser; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await CreateProjectAsync(member, $"Member {i}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CreateProjectAsync(outsiderAtTeam, "At home")).StatusCode);
    }

    [Fact]
    public async Task CountOnboardingAsTheUsersWrites()
    {
        var newcomer = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "limited-" + Guid.NewGuid().ToString("N")[..8]);
        var onboarding = await PageSession.OpenAsync(app.ClientFor("localhost", newcomer), "/onboarding");
        for (var i = 0; i < WriteLimitedApp.PerUser; i++)
        {
            var invalid = await onboarding.PostAsync("/onboarding", new() { ["Name"] = "" }, htmx: true);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        }

        TooManyRequestsAssert.Rejected(await onboarding.PostAsync("/onboarding", new() { ["Name"] = "Acme II" }, htmx: true), WriteLimitedApp.PerUser);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE user_id = $1", newcomer));
    }

    [Fact]
    public async Task LeaveAMembersReadsAloneAlsoOnceTheirWritesAreUsedUp()
    {
        var team = await NewTeamAsync(members: 1);
        var page = await DashboardAsync(team, team.Members[0]);
        for (var i = 1; i <= WriteLimitedApp.PerUser; i++) await CreateProjectAsync(page, $"Read {i}");
        TooManyRequestsAssert.Rejected(await CreateProjectAsync(page, "Read, too many"), WriteLimitedApp.PerUser);

        for (var i = 0; i < 200; i++)
        {
            var response = await page.GetAsync("/", htmx: i % 2 == 1);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET #{i + 1}: {(int)response.StatusCode}");
        }
    }

    private async Task<Team> NewTeamAsync(int members)
    {
        var slug = TestOrganizations.NewSlug("limits");
        var users = new Guid[members];
        for (var i = 0; i < members; i++)
            users[i] = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, $"{slug}-{i}");
        var organization = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, users.Select(u => (u, Roles.Member)).ToArray());
        return new Team(organization, $"{slug}.localhost", users);
    }

    private async Task<PageSession> DashboardAsync(Team team, Guid user) => await PageSession.OpenAsync(app.ClientFor(team.Host, user), "/");

    private static Task<HttpResponseMessage> CreateProjectAsync(PageSession page, string name, bool htmx = false) =>
        page.PostFormAsync("Create", new() { ["Name"] = name }, htmx);

    private Task<long> ProjectCountAsync(Team team) =>
        TestOrganizations.ScalarAsync<long>(app.AdminConnectionString, "SELECT count(*) FROM projects WHERE organization_id = $1", team.Organization);
}
