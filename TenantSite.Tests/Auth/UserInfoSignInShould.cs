using System.Net;
using AngleSharp.Html.Parser;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The app against tools/dev-idp configured as several real providers are by default: the id_token carries only
/// <c>sub</c> (and <c>sid</c>), and email and name come from the userinfo endpoint alone.
/// </summary>
public sealed class UserInfoSignInShould(UserInfoSignInShould.Factory app) : IClassFixture<UserInfoSignInShould.Factory>
{
    [Fact]
    public async Task ShowTheNameAndEmailTheProviderServesOnlyFromUserInfo()
    {
        using var browser = app.NewBrowser();

        var onboarding = await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://localhost/signin")), "grace");

        Assert.Equal(HttpStatusCode.OK, onboarding.StatusCode);
        Assert.Equal("/onboarding", onboarding.RequestMessage!.RequestUri!.AbsolutePath);
        var html = new HtmlParser().ParseDocument(await onboarding.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var who = html.QuerySelector(".signed-in-as")!;
        Assert.Equal("Grace", who.QuerySelector("span")!.TextContent.Trim());
        Assert.Equal("grace@example.com", who.QuerySelector("small")!.TextContent.Trim());

        var admin = AdminSources.For(app.AdminConnectionString);
        await using var connection = await admin.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var rows = await Sql.ReadAsync(connection, "SELECT email, name FROM users WHERE issuer = $1 AND subject = 'grace'", app.Idp.Issuer);
        Assert.Equal(new object?[] { "grace@example.com", "Grace" }, rows.Single());
    }

    /// <summary>The app with its own dev-idp, started with <c>DEV_IDP_ID_TOKEN_CLAIMS=minimal</c>.</summary>
    public sealed class Factory(PostgresServer postgres)
        : OwnIdpAppFactory(postgres, new Dictionary<string, string> { ["DEV_IDP_ID_TOKEN_CLAIMS"] = "minimal" });
}
