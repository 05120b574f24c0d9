using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Onboarding;

/// <summary>A signed-in user with no organization creates one and becomes its owner.</summary>
public sealed class IndexTests(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> NewcomerAsync() =>
        app.ClientFor("localhost", await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "new-" + Guid.NewGuid().ToString("N")[..8]));

    [Fact]
    public async Task SendAUserWithoutMembershipsFromTheLandingPageToOnboarding()
    {
        var response = await (await NewcomerAsync()).GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/onboarding", response.Headers.Location!.OriginalString.ToLowerInvariant());
    }

    [Theory]
    [InlineData("name=Wayne%20Enterprises", "wayne-enterprises is available.", false)]
    [InlineData("slug=acme", "\"acme\" is taken", true)]
    [InlineData("slug=admin", "reserved", true)]
    [InlineData("slug=-bad-", "hyphen", true)]
    [InlineData("slug=AB", "at least 3", true)]
    public async Task CheckTheSlugLiveAndSuggestOneFromTheName(string query, string message, bool invalid)
    {
        var response = await (await NewcomerAsync()).GetAsync($"/onboarding?handler=Check&{query}", Ct);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, html);
        Assert.Equal(invalid, html.Contains("aria-invalid=\"true\""));
    }

    [Fact]
    public async Task CreateTheOrganizationMakeTheCreatorOwnerAndOpenItsDashboard()
    {
        var client = await NewcomerAsync();
        var page = await PageSession.OpenAsync(client, "/onboarding");
        var slug = TestOrganizations.NewSlug("onb");
        var response = await page.PostAsync("/onboarding", new() { ["Name"] = "Onboarded Ltd", ["Slug"] = slug });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/org/{slug}", response.Headers.Location!.OriginalString);
        var dashboard = await client.GetAsync($"/org/{slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("No projects yet", await dashboard.Content.ReadAsStringAsync(Ct));
        Assert.Equal("owner", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = $1", slug));
    }

    [Theory]
    [InlineData("", "taken-slug-x", "Enter the organization's name.")]
    [InlineData("Dupe", "globex", "is taken")]
    [InlineData("Reserved", "www", "reserved")]
    public async Task AnswerBadInputWith422AndClearMessages(string name, string slug, string message)
    {
        var page = await PageSession.OpenAsync(await NewcomerAsync(), "/onboarding");
        var htmx = await page.PostAsync("/onboarding", new() { ["Name"] = name, ["Slug"] = slug }, htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, htmx.StatusCode);
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(await htmx.Content.ReadAsStringAsync(Ct)));

        var plain = await page.PostAsync("/onboarding", new() { ["Name"] = name, ["Slug"] = slug });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plain.StatusCode);
    }

    [Fact]
    public async Task ServeOnboardingOnlyOnTheRootDomain()
    {
        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).GetAsync("/onboarding", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
