using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Org;

/// <summary>The dashboard, over HTTP in both modes: each organization sees only its own projects.</summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static readonly string[] AcmeProjects = ["Website relaunch", "Rocket skates", "Q3 planning"];
    private static readonly string[] GlobexProjects = ["Hammock district", "Magma research"];

    [Theory]
    [InlineData("acme.localhost", "/")]
    [InlineData("ACME.localhost:5000", "/")]
    [InlineData("localhost", "/org/acme")]
    [InlineData("localhost", "/org/acme/")]
    [InlineData("localhost:5000", "/org/ACME")]
    public async Task ServesAcmeProjectsOnlyToAcmeMembersInBothModes(string host, string path)
    {
        var names = await ProjectNames(app.ClientFor(host, app.Demo.Alice), path);
        Assert.Equal(AcmeProjects.Order(), names.Order());
    }

    [Theory]
    [InlineData("globex.localhost", "/")]
    [InlineData("localhost", "/org/globex")]
    public async Task ServesGlobexProjectsOnlyToGlobexMembers(string host, string path)
    {
        var names = await ProjectNames(app.ClientFor(host, app.Demo.Carol), path);
        Assert.Equal(GlobexProjects.Order(), names.Order());
    }

    [Fact]
    public async Task AUserInTwoOrganizationsSeesEachOnlyInItsOwnHost()
    {
        var client = app.ClientFor("acme.localhost", app.Demo.Bob);
        Assert.Equal(AcmeProjects.Order(), (await ProjectNames(client, "/")).Order());
        var globex = app.ClientFor("globex.localhost", app.Demo.Bob);
        Assert.Equal(GlobexProjects.Order(), (await ProjectNames(globex, "/")).Order());
    }

    [Theory]
    [InlineData("globex.localhost", "/")]
    [InlineData("localhost", "/org/globex")]
    public async Task AnswersANonMemberWithTheSame404AsAMissingOrganization(string host, string path)
    {
        // A user of this test's own, with one organization: the pages' switcher lists the same ones on both answers while
        // other classes on the shared app add the demo users to organizations of theirs.
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, TestOrganizations.NewSlug("outsider"));
        await TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("own"), (user, Roles.Owner));
        var nonMember = await app.ClientFor(host, user).GetAsync(path, TestContext.Current.CancellationToken);
        var missing = host == "localhost"
            ? await app.ClientFor("localhost", user).GetAsync("/org/nosuchorg", TestContext.Current.CancellationToken)
            : await app.ClientFor("nosuchorg.localhost", user).GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, nonMember.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var body = WithoutTokens(await nonMember.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(WithoutTokens(await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), body);
        Assert.DoesNotContain("Hammock", body);
    }

    // Antiforgery tokens differ on every response; everything else must be identical.
    private static string WithoutTokens(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html, "(request-verification-token\" content=|__RequestVerificationToken\" value=)\"[^\"]*\"", "$1\"\"");

    private static async Task<string[]> ProjectNames(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {html}");
        var document = new HtmlParser().ParseDocument(html);
        return document.QuerySelectorAll(".project-name").Select(e => e.TextContent.Trim()).ToArray();
    }
}
