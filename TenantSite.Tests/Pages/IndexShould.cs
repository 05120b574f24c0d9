using System.Net;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;
using InvitationsTests = TenantSite.Tests.Pages.Invitations.IndexShould;

namespace TenantSite.Tests.Pages;

/// <summary>The root domain's landing page for a signed-in user: organizations, invitations waiting, or a first step.</summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Theory]
    [InlineData(true, "/invitations")]
    [InlineData(false, "/onboarding")]
    public async Task SendsSomeoneWithoutOrganizationsToTheirInvitationsOrToOnboarding(bool invited, string landing)
    {
        var (user, email) = await InvitationsTests.SignUpAsync(app, "jo");
        if (invited) await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, app.Demo.Acme, email, Roles.Member);

        var response = await app.ClientFor("localhost", user).GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TellsAMemberThatInvitationsWait()
    {
        var (user, email) = await InvitationsTests.SignUpAsync(app, "lou");
        await TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("lou"), (user, Roles.Owner));
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, app.Demo.Acme, email, Roles.Viewer);
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, app.Demo.Globex, email, Roles.Viewer);

        var page = await PageSession.OpenAsync(app.ClientFor("localhost", user), "/");

        var link = page.Document.QuerySelector("#invitations-waiting a")!;
        Assert.Equal("/invitations", link.GetAttribute("href"));
        Assert.Equal("2 invitations wait for your answer", link.TextContent.Trim());
    }
}
