using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Invitations;

/// <summary>Accepting an invitation to an organization at its plan's member limit (free: 5): a clear refusal, nobody joins.</summary>
public sealed class IndexPlanLimitShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RefuseToJoinAFullOrganizationAndKeepTheInvitationOpen(bool htmx)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0, members: 5);
        var (user, email) = await IndexShould.SignUpAsync(app, TestOrganizations.NewSlug(htmx ? "late" : "later"));
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org.Id, email, Roles.Member, org.Owner);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", user), "/invitations");

        var response = await page.PostFormAsync("Accept", htmx: htmx, query: $"id={invitation}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await PageSession.ParseAsync(response)).QuerySelector("#invitation-error")!.TextContent;
        Assert.Equal($"Org {org.Slug} has 5 members, as many as the free plan allows. Ask whoever invited you to upgrade its plan, " +
                     "then accept again.", error);
        Assert.Equal(5, await org.MemberCountAsync(app.AdminConnectionString));
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM invitations WHERE id = $1 AND accepted_at IS NOT NULL", invitation));
    }
}
