using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Data.Entities;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Two instances on one database serve one user as one app: the key ring (cookies, antiforgery tokens) is shared
/// through the database, and so is sign-out, within the revocation poll's staleness bound.
/// </summary>
public sealed class TwoInstancesShould(TwoInstances instances) : IClassFixture<TwoInstances>
{
    // SessionRevocations' bound (the 1 s poll plus one query), with room for a busy 2-core machine running other tests.
    private static readonly TimeSpan StalenessBound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServePagesOnBWithASessionSignedInOnA()
    {
        var (browser, balancer) = instances.NewBrowser();
        using var _ = browser;
        await SignInAsync(browser, "alice", "http://acme.localhost/");

        balancer.Target = instances.B;
        var dashboard = await browser.GetAsync("http://acme.localhost/");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Website relaunch", await dashboard.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task AcceptAnHtmxPostOnBWithTheAntiforgeryTokenOfAPageFromA()
    {
        var (browser, balancer) = instances.NewBrowser();
        using var _ = browser;
        await SignInAsync(browser, "alice", "http://acme.localhost/");
        var page = await browser.GetAsync("http://acme.localhost/");
        var token = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(Ct))
            .QuerySelector("meta[name=request-verification-token]")!.GetAttribute("content")!;

        balancer.Target = instances.B;
        var request = new HttpRequestMessage(HttpMethod.Post, "http://acme.localhost/?handler=Create")
        {
            Content = new FormUrlEncodedContent([new("Name", "Made on B")]),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", token);
        var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Made on B", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(instances.AdminConnectionString,
            "SELECT count(*) FROM projects WHERE name = 'Made on B'"));
    }

    [Fact]
    public async Task EndTheSessionOnBWithinThePollIntervalWhenSignedOutOnA()
    {
        var (browser, balancer) = instances.NewBrowser();
        using var _ = browser;
        await SignInAsync(browser, "bob", "http://acme.localhost/");
        // The root host's own cookie (no cookie spans localhost and acme.localhost), of the same sign-in (sid).
        await browser.FollowAsync(await browser.GetAsync("http://localhost/signin?returnUrl=%2F"));
        balancer.Target = instances.B;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("http://localhost/org/acme")).StatusCode);

        balancer.Target = instances.A;
        var page = await browser.GetAsync("http://acme.localhost/");
        var token = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(Ct))
            .QuerySelector("form[action='/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signOut = await browser.PostFormAsync("http://acme.localhost/signout", [new("__RequestVerificationToken", token)]);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode); // to the provider's end-session: the sid is revoked
        var signedOutAt = Stopwatch.StartNew();

        // The root host's cookie is still in the jar; B must stop accepting it once its poll has run.
        balancer.Target = instances.B;
        HttpStatusCode status;
        do
        {
            status = (await browser.GetAsync("http://localhost/org/acme")).StatusCode;
            if (status != HttpStatusCode.OK) break;
            await Task.Delay(50, Ct);
        }
        while (signedOutAt.Elapsed < StalenessBound + Slack);

        Assert.True(status == HttpStatusCode.Redirect,
            $"B still served the signed-out session {signedOutAt.Elapsed.TotalMilliseconds:F0} ms after the sign-out on A ({status}).");
        Assert.StartsWith("/signin", (await browser.GetAsync("http://localhost/org/acme")).Headers.Location!.OriginalString);
        TestContext.Current.TestOutputHelper?.WriteLine($"B refused the session {signedOutAt.Elapsed.TotalMilliseconds:F0} ms after the sign-out.");
    }

    [Fact]
    public async Task SeeASlugChangeMadeOnAWithinASecondOnB()
    {
        // An organization of this test's own: the others use acme, which must keep its slug.
        var (slug, moved) = (TestOrganizations.NewSlug("two"), TestOrganizations.NewSlug("moved"));
        await TestOrganizations.CreateAsync(instances.AdminConnectionString, slug, (instances.Demo.Alice, Roles.Owner));
        var (browser, balancer) = instances.NewBrowser();
        using var _ = browser;
        await SignInAsync(browser, "alice", $"http://{slug}.localhost/");
        var settings = await browser.GetAsync($"http://{slug}.localhost/settings");
        var token = new HtmlParser().ParseDocument(await settings.Content.ReadAsStringAsync(Ct))
            .QuerySelector("#change-slug input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // B caches both answers: the old slug is the organization's, the new one is nobody's.
        balancer.Target = instances.B;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"http://{slug}.localhost/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"http://{moved}.localhost/")).StatusCode);

        balancer.Target = instances.A;
        var change = await browser.PostFormAsync($"http://{slug}.localhost/settings?handler=Slug",
            [new("NewSlug", moved), new("__RequestVerificationToken", token)]);
        Assert.True(change.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"the slug change answered {change.StatusCode}");
        var changedAt = Stopwatch.StartNew();

        balancer.Target = instances.B;
        HttpStatusCode old, renamed;
        do
        {
            old = (await browser.GetAsync($"http://{slug}.localhost/")).StatusCode;
            renamed = (await browser.GetAsync($"http://{moved}.localhost/")).StatusCode;
            if (old == HttpStatusCode.NotFound && renamed != HttpStatusCode.NotFound) break;
            await Task.Delay(50, Ct);
        }
        while (changedAt.Elapsed < TimeSpan.FromSeconds(1));

        Assert.True(old == HttpStatusCode.NotFound && renamed != HttpStatusCode.NotFound,
            $"{changedAt.Elapsed.TotalMilliseconds:F0} ms after the change on A, B answered {old} at the old slug and {renamed} at the new one.");
        TestContext.Current.TestOutputHelper?.WriteLine($"B followed the slug change {changedAt.Elapsed.TotalMilliseconds:F0} ms after A made it.");
    }

    // Signs in interactively through A (A is the target until a test changes it) and lands on returnUrl's page.
    private static async Task SignInAsync(Browser browser, string login, string url)
    {
        var landed = await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync(url)), login);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
    }
}
