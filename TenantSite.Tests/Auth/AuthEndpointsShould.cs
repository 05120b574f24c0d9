using TenantSite.Infrastructure;
using System.Net;
using TenantSite.Security;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>Malformed input to /signin and /signout: a 400 with a message in every environment, never a 500 or a logged exception.</summary>
public sealed class AuthEndpointsShould(EnvironmentAppFactory app, PostgresServer postgres) : IClassFixture<EnvironmentAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    [InlineData("Testing")]
    public async Task AnswerAMalformedQueryValueOfSignInWith400InEveryEnvironment(string environment)
    {
        await using var host = new EnvironmentAppFactory(postgres, environment);
        await host.InitializeAsync();

        var response = await host.ClientFor("localhost").GetAsync("/signin?interactive=abc&returnUrl=%2F", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageSession.ParseAsync(response);
        Assert.Equal("Bad request", page.QuerySelector("main h1")?.TextContent);
        Assert.Contains("interactive", page.QuerySelector("main p")?.TextContent);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task RefuseANulOnSignOutBeforeTheAntiforgeryCheckReadsTheForm()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");
        var logged = app.Logs.Entries.Count;

        var response = await page.PostRawAsync("/signout", "note=a%00b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("control character (U+0000)", (await PageSession.ParseAsync(response)).QuerySelector("main p")?.TextContent);
        Assert.Empty(app.Errors);
        Assert.DoesNotContain(app.Logs.Entries.Skip(logged), e => e.Contains("Antiforgery", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExplainAForgedSignOut()
    {

        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).PostAsync("/signout",
            new FormUrlEncodedContent([new("__RequestVerificationToken", "forged")]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(RequestRejections.FormExpired, (await PageSession.ParseAsync(response)).QuerySelector("main p")?.TextContent);
    }
}
