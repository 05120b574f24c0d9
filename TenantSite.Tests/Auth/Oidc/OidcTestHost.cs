using System.Net;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>A test provider and the app wired to it, plus the steps of a browser sign-in.</summary>
public sealed class OidcTestHost : IAsyncDisposable
{
    private OidcTestHost(TestProvider provider, ProviderAppFactory app, bool shared = false)
    {
        Provider = provider;
        App = app;
        _shared = shared;
    }

    // A class's shared host outlives each test's "await using": OidcHosts disposes it with the class.
    private readonly bool _shared;

    public TestProvider Provider { get; }
    public ProviderAppFactory App { get; }
    public CapturingLoggerProvider Logs => App.Logs;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts a provider (changed by <paramref name="provider"/>) and the app, whose handler options
    /// <paramref name="configure"/> may change and whose configuration <paramref name="settings"/> may override.
    /// </summary>
    public static async Task<OidcTestHost> StartAsync(PostgresServer postgres, Action<OpenIdConnectOptions>? configure = null,
        Action<TestProviderSettings>? provider = null, IDictionary<string, string?>? settings = null)
    {
        var testProvider = await TestProvider.StartAsync(Cancel);
        provider?.Invoke(testProvider.Settings);
        var app = new ProviderAppFactory(postgres, testProvider, configure, settings);
        try
        {
            await app.InitializeAsync();
        }
        catch
        {
            await app.DisposeAsync();
            await testProvider.DisposeAsync();
            throw;
        }
        return new OidcTestHost(testProvider, app);
    }

    /// <summary>A browser on one of the app's hosts; the root domain by default, where every sign-in meets the provider.</summary>
    public TestBrowser CreateBrowser(string baseAddress = "http://localhost") => App.CreateBrowser(baseAddress);

    /// <summary>
    /// Starts a sign-in at <c>/signin</c> on the browser's host and returns the authorization URL it redirects to: from
    /// the root domain, where a sign-in that starts on another host goes first.
    /// </summary>
    public async Task<Uri> ChallengeAsync(TestBrowser browser, string returnUrl = ProviderAppFactory.SessionPath, bool interactive = true)
    {
        var response = await browser.GetAsync(SignInUrl(returnUrl, interactive), Cancel);
        if (response.Headers.Location is { IsAbsoluteUri: true } toRoot && toRoot.Host == "localhost" && toRoot.AbsolutePath == "/signin")
        {
            response.Dispose();
            response = await browser.GetAsync(toRoot.AbsoluteUri, Cancel);
        }
        using var _ = response;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith($"{Provider.Issuer}/authorize?", location.ToString());
        return location;
    }

    /// <summary>Challenge, then let the provider answer: what the browser is about to bring back.</summary>
    public async Task<AuthorizationResponse> AuthorizeAsync(TestBrowser browser, string returnUrl = ProviderAppFactory.SessionPath,
        bool interactive = true) =>
        await Provider.AuthorizeAsync(await ChallengeAsync(browser, returnUrl, interactive), Cancel);

    /// <summary>
    /// The whole round trip; returns the app's last answer to a callback. When the app sends the browser back to the
    /// provider (a silent retry), that round trip is made too.
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(TestBrowser browser, string returnUrl = ProviderAppFactory.SessionPath)
    {
        var response = await browser.ReturnFromProviderAsync(await AuthorizeAsync(browser, returnUrl), Cancel);
        for (var rounds = 1; IsAuthorizeRedirect(response); rounds++)
        {
            Assert.True(rounds < 3, "The app keeps sending the browser back to the provider.");
            response = await browser.ReturnFromProviderAsync(await Provider.AuthorizeAsync(response.Headers.Location!, Cancel), Cancel);
        }
        return response;
    }

    private bool IsAuthorizeRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect &&
        response.Headers.Location?.ToString().StartsWith($"{Provider.Issuer}/authorize?", StringComparison.Ordinal) == true;

    /// <summary>Presses "Sign out" on the onboarding page (root host; a user with no organization lands there).</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(TestBrowser browser)
    {
        using var page = await browser.GetAsync("/onboarding", Cancel);
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync(Cancel));
        var token = html.QuerySelector("form[action='/signout'] input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No sign-out form at {browser.BaseAddress}onboarding ({(int)page.StatusCode}).");
        return await browser.PostFormAsync(new Uri(browser.BaseAddress, "/signout"),
            new Dictionary<string, string> { ["__RequestVerificationToken"] = token }, Cancel);
    }

    public static string SignInUrl(string returnUrl, bool interactive = true) =>
        $"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}" + (interactive ? "&interactive=true" : "");

    /// <summary>The same host, as one a class shares between its tests.</summary>
    internal OidcTestHost AsShared() => new(Provider, App, shared: true);

    public async ValueTask DisposeAsync()
    {
        if (_shared) return;
        await App.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
