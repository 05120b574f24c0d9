using System.Net;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The flash's TempData cookie: set by a redirect, deleted once shown, and not touched on any other page.</summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class FlashCookieShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private const string Cookie = ".AspNetCore.Mvc.CookieTempDataProvider";

    private static IEnumerable<string> TempDataCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Where(v => v.StartsWith(Cookie + "=", StringComparison.Ordinal)) : [];

    [Fact]
    public async Task LeaveTheCookieAloneOnAPageWithNoFlash()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");

        var response = await page.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(TempDataCookies(response));
    }

    [Fact]
    public async Task CarryAFlashAcrossARedirectAndDeleteItOnceShown()
    {
        var page = await PageSession.OpenAsync(app.ClientFor("acme.localhost", app.Demo.Alice), "/");

        var posted = await page.PostFormAsync("Create", new() { ["Name"] = "Flash " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains(TempDataCookies(posted), v => !v.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));

        var shown = await page.GetAsync("/");
        Assert.Contains("created", (await PageSession.ParseAsync(shown)).QuerySelector(".flash")!.TextContent);
        Assert.Contains(TempDataCookies(shown), v => v.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));

        var after = await page.GetAsync("/");
        Assert.Null((await PageSession.ParseAsync(after)).QuerySelector(".flash"));
        Assert.Empty(TempDataCookies(after));
    }
}
