using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// Sessions the app owns, against a provider configured as Google is (no <c>sid</c> in its tokens, no
/// <c>email_verified</c> either): signing out ends every host's cookie, and the Sessions page lists each sign-in and
/// signs any of them out.
/// </summary>
public sealed class AppSessionsShould(AppSessionsShould.GoogleLikeApp app) : IClassFixture<AppSessionsShould.GoogleLikeApp>
{
    private static readonly HtmlParser Parser = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefuseACopiedCookieOnEveryHostAfterSignOutThoughTheProviderSentNoSid()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "bob");
        var family = await FamilyAsync(browser);
        Assert.Null(await TestOrganizations.ScalarAsync<object?>(app.AdminConnectionString,
            "SELECT provider_sid FROM user_sessions WHERE id = $1", family) as string);
        var copied = new[] { "http://localhost/account/sessions", "http://acme.localhost/" }
            .ToDictionary(u => u, u => browser.Cookies.GetCookieHeader(new Uri(u)));

        var form = await FormAsync(browser, "http://acme.localhost/", "form[action='/signout']");
        await browser.ConfirmAtProviderAsync(await browser.FollowAsync(await browser.PostFormAsync("http://acme.localhost/signout", form)),
            [new("logout", "yes")]);

        foreach (var (url, cookie) in copied) Assert.True(await RefusedAsync(url, cookie), url);
    }

    [Fact]
    public async Task ListEachSignInWithItsDeviceAddressHostsAndThisDevice()
    {
        var login = NewLogin();
        using var laptop = await SignInAsync(login, "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0",
            IPAddress.Parse("203.0.113.7"));
        using var phone = await SignInAsync(login, "Mozilla/5.0 (Linux; Android 15) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36",
            IPAddress.Parse("198.51.100.9"));

        var page = await PageAsync(laptop);

        var items = page.QuerySelectorAll("li.session");
        Assert.Equal(2, items.Length);
        var mine = Assert.Single(items, i => i.QuerySelector(".session-current") is not null);
        Assert.Equal("Firefox on Linux", mine.QuerySelector(".session-device")!.TextContent.Trim());
        Assert.Equal("203.0.113.7", mine.QuerySelector(".session-address")!.TextContent.Trim());
        Assert.Equal("localhost", mine.QuerySelector(".session-hosts")!.TextContent.Trim());
        var other = Assert.Single(items, i => i.QuerySelector(".session-current") is null);
        Assert.Equal("Chrome on Android", other.QuerySelector(".session-device")!.TextContent.Trim());
        Assert.Equal("198.51.100.9", other.QuerySelector(".session-address")!.TextContent.Trim());
    }

    [Fact]
    public async Task ListTheHostsASignInWasHandedTo()
    {
        using var browser = app.NewBrowser();
        await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "bob");

        var page = await PageAsync(browser);

        var mine = Assert.Single(page.QuerySelectorAll("li.session"), i => i.QuerySelector(".session-current") is not null);
        Assert.Equal("localhost, acme.localhost", mine.QuerySelector(".session-hosts")!.TextContent.Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SignAnotherSessionOutAtOnce(bool htmx)
    {
        var login = NewLogin();
        using var laptop = await SignInAsync(login);
        using var phone = await SignInAsync(login);
        var phoneFamily = await FamilyAsync(phone);

        var response = await PostAsync(laptop, $"form[action*='id={phoneFamily}']", htmx);

        Assert.Equal(htmx ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await RefusedAsync("http://localhost/account/sessions", phone.Cookies.GetCookieHeader(new Uri("http://localhost/"))));
        var page = await PageAsync(laptop);
        Assert.Single(page.QuerySelectorAll("li.session"));
        if (htmx) Assert.Contains("signed out on every address", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SignOutEverywhereElseAndStaySignedInHere()
    {
        var login = NewLogin();
        using var laptop = await SignInAsync(login);
        using var phone = await SignInAsync(login);
        using var tablet = await SignInAsync(login);

        await PostAsync(laptop, "form[action*='RevokeOthers']", htmx: false);

        Assert.True(await RefusedAsync("http://localhost/account/sessions", phone.Cookies.GetCookieHeader(new Uri("http://localhost/"))));
        Assert.True(await RefusedAsync("http://localhost/account/sessions", tablet.Cookies.GetCookieHeader(new Uri("http://localhost/"))));
        var page = await PageAsync(laptop);
        Assert.Single(page.QuerySelectorAll("li.session"));
        Assert.Null(page.QuerySelector("#revoke-others"));
    }

    // The id in the form is the only thing the client chooses: another user's session is simply not found.
    [Fact]
    public async Task NotSignOutAnotherUsersSession()
    {
        using var mallory = await SignInAsync(NewLogin());
        using var victim = await SignInAsync(NewLogin());
        var victimFamily = await FamilyAsync(victim);
        var form = await FormAsync(mallory, "http://localhost/account/sessions", "li.session form");
        var own = (await PageAsync(mallory)).QuerySelector("li.session")!.GetAttribute("data-session-id")!;

        var response = await mallory.PostFormAsync($"http://localhost/account/sessions?handler=Revoke&id={victimFamily}", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not open any more", await response.Content.ReadAsStringAsync(Ct));
        Assert.False(await RefusedAsync("http://localhost/account/sessions", victim.Cookies.GetCookieHeader(new Uri("http://localhost/"))));
        Assert.NotEqual(victimFamily.ToString(), own);
    }

    // A cookie the app itself protected, but without a session (as every cookie issued before sessions were the app's
    // own): refused, and deleted.
    [Fact]
    public async Task RefuseACookieThatCarriesNoSession()
    {
        var identity = new System.Security.Claims.ClaimsIdentity([new(TenantSite.Auth.TenantSiteClaims.UserId, app.Demo.Bob.ToString())],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var cookies = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = new AuthenticationTicket(new System.Security.Claims.ClaimsPrincipal(identity), CookieAuthenticationDefaults.AuthenticationScheme);

        Assert.True(await RefusedAsync("http://localhost/account/sessions", $"{cookies.Cookie.Name}={cookies.TicketDataFormat.Protect(ticket)}"));
    }

    private static string NewLogin() => $"sessions-{Guid.NewGuid():N}"[..24];

    private async Task<Infrastructure.Browser> SignInAsync(string login, string? userAgent = null, IPAddress? from = null)
    {
        var browser = app.NewBrowser(from);
        browser.UserAgent = userAgent;
        var landed = await browser.LogInAtProviderAsync(
            await browser.FollowAsync(await browser.GetAsync("http://localhost/signin?returnUrl=%2Faccount%2Fsessions&interactive=true")), login);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        return browser;
    }

    private static async Task<IHtmlDocument> PageAsync(Infrastructure.Browser browser)
    {
        var response = await browser.GetAsync("http://localhost/account/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<Guid> FamilyAsync(Infrastructure.Browser browser) =>
        Guid.Parse((await PageAsync(browser)).QuerySelectorAll("li.session")
            .Single(i => i.QuerySelector(".session-current") is not null).GetAttribute("data-session-id")!);

    // The form's fields (its antiforgery token) as the page renders them.
    private static async Task<KeyValuePair<string, string>[]> FormAsync(Infrastructure.Browser browser, string url, string selector)
    {
        var page = Parser.ParseDocument(await (await browser.GetAsync(url)).Content.ReadAsStringAsync(Ct));
        var form = page.QuerySelector(selector) ?? throw new InvalidOperationException($"No {selector} at {url}");
        return [.. form.QuerySelectorAll("input[name]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))];
    }

    private static async Task<HttpResponseMessage> PostAsync(Infrastructure.Browser browser, string selector, bool htmx)
    {
        var page = await PageAsync(browser);
        var form = page.QuerySelector(selector) ?? throw new InvalidOperationException($"No {selector}");
        var fields = form.QuerySelectorAll("input[name]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri("http://localhost/"), form.GetAttribute("action")))
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await browser.SendAsync(request);
    }

    private async Task<bool> RefusedAsync(string url, string cookie)
    {
        Assert.NotEmpty(cookie);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        using var response = await new HttpClient(app.Server.CreateHandler()).SendAsync(request, Ct);
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/signin?", StringComparison.Ordinal);
    }

    /// <summary>The app against a dev-idp of its own that sends no <c>sid</c> and no <c>email_verified</c>, as Google and Entra ID may.</summary>
    public sealed class GoogleLikeApp(PostgresServer postgres)
        : OwnIdpAppFactory(postgres, new Dictionary<string, string> { ["DEV_IDP_SID"] = "omit", ["DEV_IDP_EMAIL_VERIFIED"] = "omit" });
}
