using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The one-time code with which the root domain hands a sign-in to a host its cookie cannot reach: it works once, on
/// the host it was made for, in the browser that asked for it, for a minute, while its sign-in lives.
/// </summary>
public sealed class SessionHandoffShould(OidcAppFactory app) : IClassFixture<OidcAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignTheHostInOnceAndRefuseTheSameCodeAgain()
    {
        var (browser, handoff, binding) = await SignInUpToTheHandoffAsync("http://acme.localhost/members");

        var first = await RedeemAsync(handoff, binding);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/members", first.Headers.Location!.OriginalString);
        Assert.Contains(Cookies(first), c => c.StartsWith("tenantsite.auth=", StringComparison.Ordinal));

        AssertRefused(await RedeemAsync(handoff, binding));
        browser.Dispose();
    }

    [Fact]
    public async Task RefuseACodeOnAnotherHostAndSpendItThere()
    {
        var (browser, handoff, binding) = await SignInUpToTheHandoffAsync("http://acme.localhost/");
        var elsewhere = new UriBuilder(handoff) { Host = "globex.localhost" }.Uri;

        AssertRefused(await RedeemAsync(elsewhere, binding));
        AssertRefused(await RedeemAsync(handoff, binding));
        browser.Dispose();
    }

    // Login CSRF: an attacker's code, opened in the victim's browser, finds no binding cookie of its own there.
    [Fact]
    public async Task RefuseACodeInABrowserThatDidNotAskForIt()
    {
        var (browser, handoff, _) = await SignInUpToTheHandoffAsync("http://acme.localhost/");

        AssertRefused(await RedeemAsync(handoff, binding: null));
        AssertRefused(await RedeemAsync(handoff, binding: "another-browsers-binding"));
        browser.Dispose();
    }

    [Fact]
    public async Task RefuseAnExpiredCode()
    {
        var (browser, handoff, binding) = await SignInUpToTheHandoffAsync("http://acme.localhost/");
        await ExecuteAsync("UPDATE session_handoffs SET expires_at = now() - interval '1 second' WHERE code_hash = $1", CodeHash(handoff));

        AssertRefused(await RedeemAsync(handoff, binding));
        browser.Dispose();
    }

    [Fact]
    public async Task RefuseACodeOfASignInThatHasEnded()
    {
        var (browser, handoff, binding) = await SignInUpToTheHandoffAsync("http://acme.localhost/");
        await ExecuteAsync("INSERT INTO session_revocations (session_id, expires_at) " +
                           "SELECT family_id::text, now() + interval '1 day' FROM session_handoffs WHERE code_hash = $1", CodeHash(handoff));

        AssertRefused(await RedeemAsync(handoff, binding));
        browser.Dispose();
    }

    // Signs in at the provider from a tenant host and stops where the root sends the browser back with its code.
    private async Task<(Infrastructure.Browser Browser, Uri Handoff, string Binding)> SignInUpToTheHandoffAsync(string start)
    {
        var browser = app.NewBrowser();
        var login = await browser.FollowAsync(await browser.GetAsync(start));
        var toHost = await browser.LogInAtProviderAsync(login, $"handoff-{Guid.NewGuid():N}"[..20],
            stopBefore: u => u.AbsolutePath == "/signin/handoff");
        var handoff = new Uri(toHost.RequestMessage!.RequestUri!, toHost.Headers.Location!);
        Assert.Equal("/signin/handoff", handoff.AbsolutePath);
        var binding = browser.Cookies.GetCookies(handoff).Single(c => c.Name == "tenantsite.handoff").Value;
        return (browser, handoff, binding);
    }

    private static byte[] CodeHash(Uri handoff) =>
        TenantSite.Auth.SessionHandoff.Hash(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(handoff.Query)["code"].ToString());

    private Task ExecuteAsync(string sql, params object[] args) => TestOrganizations.ScalarAsync<object?>(app.AdminConnectionString, sql, args);

    private async Task<HttpResponseMessage> RedeemAsync(Uri handoff, string? binding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, handoff);
        if (binding is not null) request.Headers.Add("Cookie", $"tenantsite.handoff={binding}");
        return await new HttpClient(app.Server.CreateHandler()).SendAsync(request, Ct);
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin/error?error=invalid_handoff", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(Cookies(response), c => c.StartsWith("tenantsite.auth=", StringComparison.Ordinal) && !c.StartsWith("tenantsite.auth=;"));
    }

    private static IEnumerable<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
