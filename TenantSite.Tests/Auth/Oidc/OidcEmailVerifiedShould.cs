using System.Net;
using AngleSharp.Html.Parser;
using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// What a sign-in says about the email decides whether invitations reach it: an explicit <c>email_verified: false</c>
/// (in the id_token, or in userinfo with the email it vouches for) is stored as unverified and matches nothing; so is
/// no verdict at all (Entra ID sends none), unless the operator marked the provider as verifying every address
/// (<c>Oidc:EmailsAlwaysVerified</c>).
/// </summary>
public sealed class OidcEmailVerifiedShould(OidcHosts hosts) : IClassFixture<OidcHosts>
{
    [Theory]
    [InlineData("false", false, false)]
    [InlineData("true", false, true)]
    [InlineData(null, false, false)]
    [InlineData(null, true, true)]
    [InlineData("false", true, false)]
    public async Task RecordTheIdTokensVerdictOnTheEmail(string? emailVerified, bool alwaysVerified, bool stored)
    {
        await using var host = await hosts.StartAsync(provider: p => p.EditIdToken = payload =>
        {
            payload.Remove("email_verified");
            if (emailVerified is not null) payload["email_verified"] = bool.Parse(emailVerified);
        }, settings: new Dictionary<string, string?> { ["Oidc:EmailsAlwaysVerified"] = alwaysVerified.ToString() });

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));

        Assert.Equal(["ada@example.test", stored], await StoredAsync(host));
    }

    [Fact]
    public async Task TakeTheVerdictFromUserInfoWithTheEmailItServes()
    {
        await using var host = await hosts.StartAsync(provider: p =>
        {
            p.EditIdToken = payload => payload.Remove("email");
            p.UserInfo = sub => new() { ["sub"] = sub, ["email"] = "ada@example.test", ["email_verified"] = false };
        });

        OidcAssert.SignedIn(await host.SignInAsync(host.CreateBrowser()));

        Assert.Equal(["ada@example.test", false], await StoredAsync(host));
    }

    [Fact]
    public async Task ShowNoInvitationToAnEmailTheProviderDidNotVouchFor()
    {
        await using var host = await hosts.StartAsync(provider: p => p.EditIdToken = payload => payload["email_verified"] = false);
        var org = await TestOrganizations.CreateAsync(host.App.AdminConnectionString, TestOrganizations.NewSlug("unverified"),
            (host.App.Demo.Alice, Roles.Owner));
        await TestOrganizations.CreateInvitationAsync(host.App.AdminConnectionString, org, "ada@example.test", Roles.Owner);
        var browser = host.CreateBrowser("http://localhost");

        OidcAssert.SignedIn(await host.SignInAsync(browser, "/invitations"), "/invitations");
        using var page = await browser.GetAsync("/invitations", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(html.QuerySelectorAll("li.invitation"));
        Assert.Contains("has not confirmed that ada@example.test is yours", html.QuerySelector("#no-invitations")!.TextContent);
    }

    private static async Task<object?[]> StoredAsync(OidcTestHost host)
    {
        var source = AdminSources.For(host.App.AdminConnectionString);
        await using var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return Assert.Single(await Sql.ReadAsync(connection,
            "SELECT email, email_verified FROM users WHERE issuer = $1 AND subject = 'user-123'", host.Provider.Issuer));
    }
}
