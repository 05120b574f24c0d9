using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The whole journey of an invitation link with the real parts: the members page emails it (SMTP sink), someone who
/// has never used TenantSite opens it, signs in at the provider (tools/dev-idp) with an account whose email is not the
/// invited one, comes back to the link, sees which account is accepting, accepts and lands in the organization.
/// </summary>
public sealed class InvitationLinkSignInShould(MailingOidcAppFactory app) : IClassFixture<MailingOidcAppFactory>
{
    [Fact]
    public async Task ANewAccountOpensTheEmailedLinkSignsInAcceptsAndLandsInTheOrganization()
    {
        var login = $"newbie{Guid.NewGuid():N}"[..16];
        var slug = TestOrganizations.NewSlug("link");
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (app.Demo.Alice, Roles.Owner));
        var invited = $"someone-{Guid.NewGuid():N}@example.com";
        var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(app.AdminConnectionString, org, invited, Roles.Viewer, app.Demo.Alice);
        using var browser = app.NewBrowser();
        var ct = TestContext.Current.CancellationToken;

        var offer = await browser.FollowAsync(await browser.GetAsync($"http://localhost/join/{slug}/{token}"));
        var signIn = new HtmlParser().ParseDocument(await offer.Content.ReadAsStringAsync(ct)).QuerySelector("#join-sign-in")!.GetAttribute("href")!;
        var loginPage = await browser.FollowAsync(await browser.GetAsync("http://localhost" + signIn));
        Assert.StartsWith(app.Idp.Issuer + "/interaction/", loginPage.RequestMessage!.RequestUri!.AbsoluteUri);
        var back = await browser.LogInAtProviderAsync(loginPage, login);

        Assert.Equal($"http://localhost/join/{slug}/{token}", back.RequestMessage!.RequestUri!.AbsoluteUri);
        var page = new HtmlParser().ParseDocument(await back.Content.ReadAsStringAsync(ct));
        Assert.Contains($"({login}@example.com)", page.QuerySelector("#join-account")!.TextContent);
        Assert.NotNull(page.QuerySelector("#join-other-email"));
        var accept = page.QuerySelector("form[action*='handler=Accept']")!;
        var fields = accept.QuerySelectorAll("input[name]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));

        var landed = await browser.FollowAsync(await browser.PostFormAsync(new Uri(new Uri("http://localhost/"), accept.GetAttribute("action")).AbsoluteUri, fields));

        Assert.True(landed.StatusCode == HttpStatusCode.OK, $"{landed.RequestMessage!.RequestUri} {(int)landed.StatusCode}: {string.Join(" ", browser.Visited.TakeLast(4))} {await landed.Content.ReadAsStringAsync(ct)}");
        Assert.Equal($"http://localhost/org/{slug}", landed.RequestMessage!.RequestUri!.AbsoluteUri);
        Assert.Contains($"Welcome to Org {slug}! You joined as viewer.", await landed.Content.ReadAsStringAsync(ct));
        Assert.Equal(Roles.Viewer, await TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
            "SELECT m.role FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 AND u.subject = $2",
            org, login));
    }
}
