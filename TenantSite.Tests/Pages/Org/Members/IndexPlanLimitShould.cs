using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org.Members;

/// <summary>
/// Inviting at the plan's member limit (free: 5) is refused with the reason and the way up; below it, open invitations
/// do not count (acceptance is where the limit holds).
/// </summary>
public sealed class IndexPlanLimitShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefuseToInviteIntoAFullOrganization(bool htmx)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0, members: 5);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/members");

        var response = await page.PostFormAsync("Invite", new() { ["Email"] = "sixth@example.com", ["Role"] = Roles.Member }, htmx: htmx);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var hint = (await PageSession.ParseAsync(response)).QuerySelector("#invite-limit")!;
        Assert.Equal($"Org {org.Slug} has 5 members, as many as the free plan allows. Upgrade the plan to invite more.",
            string.Join(' ', hint.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("/billing", hint.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM invitations WHERE organization_id = $1", org.Id));
    }

    [Fact]
    public async Task InviteBelowTheLimitWhateverIsOpen()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0, members: 4);
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org.Id, "open@example.com", Roles.Member, org.Owner);
        var page = await PageSession.OpenAsync(app.ClientFor(org.Host, org.Owner), "/members");

        var response = await page.PostFormAsync("Invite", new() { ["Email"] = "another@example.com", ["Role"] = Roles.Member }, htmx: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
