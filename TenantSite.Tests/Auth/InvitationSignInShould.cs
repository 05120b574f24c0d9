using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// Consent through a real sign-in against tools/dev-idp: someone invited by email signs in for the first time, finds the
/// invitation instead of onboarding, accepts it and lands in the organization with the invited role.
/// </summary>
public sealed class InvitationSignInShould(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    [Fact]
    public async Task ANewUserSignsInFindsTheInvitationAcceptsItAndLandsInTheOrganization()
    {
        var login = $"nina{Guid.NewGuid():N}"[..16];
        var slug = TestOrganizations.NewSlug("welcome");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, $"{login}@example.com", Roles.Member, app.Demo.Alice);
        using var browser = app.NewBrowser();

        var loginPage = await browser.FollowAsync(await browser.GetAsync("http://localhost/invitations"));
        Assert.StartsWith(app.Idp.Issuer + "/interaction/", loginPage.RequestMessage!.RequestUri!.AbsoluteUri);
        await browser.LogInAtProviderAsync(loginPage, login);
        var landing = await browser.FollowAsync(await browser.GetAsync("http://localhost/"));

        Assert.Equal("http://localhost/invitations", landing.RequestMessage!.RequestUri!.AbsoluteUri);
        var html = new HtmlParser().ParseDocument(await landing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var accept = html.QuerySelector("li.invitation form[action*='handler=Accept']")!;
        var offer = html.QuerySelector("li.invitation p")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"Org {slug} invites you as member (from Alice Anderson).", string.Join(' ', offer));
        var fields = accept.QuerySelectorAll("input[name]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));

        var dashboard = await browser.FollowAsync(await browser.PostFormAsync(new Uri(new Uri("http://localhost/"), accept.GetAttribute("action")).AbsoluteUri, fields));

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal($"http://localhost/org/{slug}", dashboard.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains($"Welcome to Org {slug}! You joined as member.", await dashboard.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Roles.Member, await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT m.role FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.subject = $2",
            org, login));
    }
}
