using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.Onboarding;

/// <summary>A signed-in user with no organization creates one and becomes its owner.</summary>
public sealed class IndexShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> NewcomerAsync() =>
        app.ClientFor("localhost", await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "new-" + Guid.NewGuid().ToString("N")[..8]));

    // What the browser would send: the form's own fields (the mode travels in a hidden one).
    private static Dictionary<string, string> FormFields(PageSession page) =>
        page.Document.QuerySelectorAll("form#onboarding input[name]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");

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

    [Theory]
    [InlineData(null, false)]
    [InlineData(null, true)]
    [InlineData("host", false)]
    [InlineData("host", true)]
    [InlineData("nonsense", true)]
    public async Task CreateTheOrganizationMakeTheCreatorOwnerAndOpenItsDashboardInTheModeTheUserCameFrom(string? mode, bool htmx)
    {
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "new-" + Guid.NewGuid().ToString("N")[..8]);
        var page = await PageSession.OpenAsync(app.ClientFor("localhost", user), mode is null ? "/onboarding" : $"/onboarding?mode={mode}");
        var slug = TestOrganizations.NewSlug("onb");
        var fields = FormFields(page);
        (fields["Name"], fields["Slug"]) = ("Onboarded Ltd", slug);

        var response = await page.PostAsync("/onboarding", fields, htmx);

        var hostMode = mode == "host";
        var dashboard = hostMode ? $"http://{slug}.localhost/" : $"/org/{slug}";
        if (htmx)
        {
            // A 302 would be followed inside htmx's request and the dashboard swapped into the form's place.
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal(dashboard, response.Headers.GetValues("HX-Redirect").Single());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(dashboard, response.Headers.Location!.OriginalString);
        }

        var there = hostMode
            ? await PageSession.OpenAsync(app.ClientFor($"{slug}.localhost", user), "/")
            : await PageSession.OpenAsync(app.ClientFor("localhost", user), dashboard);
        Assert.Equal("Onboarded Ltd", there.Document.QuerySelector("header .brand")!.TextContent.Trim());
        Assert.Equal("Projects", there.Document.QuerySelector("h1")!.TextContent);
        Assert.NotNull(there.Document.QuerySelector("#create-project"));
        Assert.Equal("owner", await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT m.role FROM organization_members m JOIN organizations o ON o.id = m.organization_id WHERE o.slug = $1", slug));
    }

    [Fact]
    public async Task WelcomeTheOwnerOnTheDashboardInPathMode()
    {
        var client = await NewcomerAsync();
        var page = await PageSession.OpenAsync(client, "/onboarding");
        var slug = TestOrganizations.NewSlug("onb");
        await page.PostAsync("/onboarding", new() { ["Name"] = "Welcomed Ltd", ["Slug"] = slug }, htmx: true);

        var dashboard = await PageSession.OpenAsync(client, $"/org/{slug}");
        Assert.Equal("Welcome to Welcomed Ltd! You are its owner.", dashboard.Document.QuerySelector("#flash")!.TextContent.Trim());
    }

    [Fact]
    public async Task LeaveNoWelcomeBehindOnTheRootDomainWhenTheOrganizationOpensOnItsOwnHost()
    {
        var client = await NewcomerAsync();
        var page = await PageSession.OpenAsync(client, "/onboarding?mode=host");
        await page.PostAsync("/onboarding", new() { ["Name"] = "Elsewhere Ltd", ["Slug"] = TestOrganizations.NewSlug("onb"), ["Mode"] = "host" }, htmx: true);

        var landing = await PageSession.OpenAsync(client, "/");
        Assert.Contains("Elsewhere Ltd", landing.Document.QuerySelector("ul.organizations")!.TextContent);
        Assert.Equal("", landing.Document.QuerySelector("#flash")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("acme.localhost", "/", "http://localhost/onboarding?mode=host")]
    [InlineData("localhost", "/org/acme", "/onboarding")]
    [InlineData("localhost", "/", "/onboarding")]
    public async Task LinkToOnboardingFromTheSwitcherCarryingTheMode(string host, string path, string expected)
    {
        var page = await PageSession.OpenAsync(app.ClientFor(host, app.Demo.Alice), path);
        var links = page.Document.QuerySelectorAll("[data-testid=org-switcher] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains(expected, links);
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
