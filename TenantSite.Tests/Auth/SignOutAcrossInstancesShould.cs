using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// A sign-in ends on every instance within the revocation poll's bound (about a second), whether the user signs out
/// through the app on one instance or at the provider, which tells one instance by back-channel logout.
/// </summary>
public sealed class SignOutAcrossInstancesShould(SignOutAcrossInstancesShould.Instances instances)
    : IClassFixture<SignOutAcrossInstancesShould.Instances>
{
    // The poll runs every second; the rest is one poll's query and this machine's scheduling.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefuseACookieCopiedBeforeASignOutOnTheOtherInstance()
    {
        using var browser = instances.NewBrowser();
        var cookie = await SignInOnAAsync(browser);
        Assert.Equal(HttpStatusCode.OK, await OnBAsync(cookie));

        var page = await browser.GetAsync(instances.A.Url("/account/sessions"));
        var token = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(Ct))
            .QuerySelector("form[action='/signout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await browser.ConfirmAtProviderAsync(
            await browser.FollowAsync(await browser.PostFormAsync(instances.A.Url("/signout"), [new("__RequestVerificationToken", token)])),
            [new("logout", "yes")]);

        var took = await Eventually.TrueWithinAsync(Bound, async () => await OnBAsync(cookie) == HttpStatusCode.Redirect,
            "instance B refuses the signed-out cookie");
        TestContext.Current.TestOutputHelper?.WriteLine($"B refused the cookie after {took.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task EndASessionOnTheOtherInstanceWhenTheProviderSignsTheUserOut()
    {
        using var browser = instances.NewBrowser();
        var cookie = await SignInOnAAsync(browser);
        Assert.Equal(HttpStatusCode.OK, await OnBAsync(cookie));

        var before = await LogoutTokensAsync();

        // At the provider, not through the app: it posts a logout token to A's /backchannel-logout.
        var confirm = await browser.GetAsync($"{instances.Idp.Issuer}/session/end");
        await browser.ConfirmAtProviderAsync(confirm, [new("logout", "yes")]);
        Assert.True(await LogoutTokensAsync() > before, "A recorded no logout token. The provider said: " + string.Join("\n", instances.Idp.Messages));

        await Eventually.TrueWithinAsync(Bound, async () => await OnBAsync(cookie) == HttpStatusCode.Redirect,
            "instance B refuses the cookie of the sign-in the provider ended");
    }

    private async Task<string> SignInOnAAsync(Infrastructure.Browser browser)
    {
        var landed = await browser.LogInAtProviderAsync(
            await browser.FollowAsync(await browser.GetAsync(instances.A.Url("/signin?returnUrl=%2Faccount%2Fsessions&interactive=true"))),
            $"instances-{Guid.NewGuid():N}"[..24]);
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        var cookie = browser.Cookies.GetCookieHeader(new Uri(instances.A.Url("/")));
        Assert.True(cookie.Length > 0, string.Join("\n", browser.Visited));
        return cookie;
    }

    private Task<long> LogoutTokensAsync() =>
        TestOrganizations.ScalarAsync<long>(instances.A.AdminConnectionString, "SELECT count(*) FROM logout_token_uses");

    // The same cookie (cookies are not per port), on instance B.
    private async Task<HttpStatusCode> OnBAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/account/sessions");
        request.Headers.Add("Cookie", cookie);
        using var response = await new HttpClient(instances.B.Server.CreateHandler()).SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>
    /// Instance A on real Kestrel, where the provider can post its logout tokens, with a client of its own registered
    /// for its origin; instance B in memory on the same database. Both trust the same provider and key ring.
    /// </summary>
    public sealed class Instances(PostgresServer postgres, DevIdp idp) : IAsyncLifetime
    {
        private readonly string _clientId = "instances-" + Guid.NewGuid().ToString("N")[..12];

        public DevIdp Idp { get; } = idp;
        public KestrelInstance A { get; private set; } = null!;
        public TenantSiteFactory B { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            A = new KestrelInstance(postgres, Idp, _clientId);
            await A.InitializeAsync();
            await Idp.RegisterClientAsync(_clientId, A.Url(""));
            B = new SameDatabaseInstance(postgres, Idp, _clientId, A.Database);
            await B.InitializeAsync();
        }

        /// <summary>A browser whose requests to A's port go over the network, and any other app request to B.</summary>
        public Infrastructure.Browser NewBrowser() => new(new ByPort(A.Port, B.Server.CreateHandler()), Idp.Issuer);

        public async ValueTask DisposeAsync()
        {
            if (B is not null) await B.DisposeAsync();
            if (A is not null) await A.DisposeAsync();
        }
    }

    public sealed class KestrelInstance(PostgresServer postgres, DevIdp idp, string clientId)
        : TenantSiteFactory(postgres, new ProviderSignIn(idp, clientId), new OnKestrel())
    {
        public string Url(string pathAndQuery) => $"http://localhost:{Port}{pathAndQuery}";
    }

    private sealed class SameDatabaseInstance(PostgresServer postgres, DevIdp idp, string clientId, string database)
        : TenantSiteFactory(postgres, new ProviderSignIn(idp, clientId), new OnDatabase(database));

    private sealed class ByPort(int port, HttpMessageHandler memory) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _network = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        private readonly HttpMessageInvoker _memory = new(memory);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (request.RequestUri!.Port == port ? _network : _memory).SendAsync(request, cancellationToken);
    }
}
