using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app on real Kestrel (a free loopback port), real sign-in through tools/dev-idp, and Debian's Chromium driven by
/// Playwright. Chromium resolves *.localhost to loopback itself, so acme.localhost:PORT reaches this server.
/// </summary>
public class BrowserAppFactory : TenantSiteFactory
{
    private IPlaywright? _playwright;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _signedIn = new();

    public BrowserAppFactory(PostgresServer postgres, DevIdp idp) : this(postgres, idp, []) { }

    // The provider knows this app's root domain by its real port only, as Google would: a client of its own.
    protected BrowserAppFactory(PostgresServer postgres, DevIdp idp, params HostPart[] parts)
        : base(postgres, [new ProviderSignIn(idp, "browser-" + Guid.NewGuid().ToString("N")[..12]), new OnKestrel(), .. parts]) { }

    public IBrowser Chromium { get; private set; } = null!;

    public static string ScreenshotDirectory => Path.Combine(DevIdp.RepositoryRoot(), "TestResults", "screenshots");

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Idp.RegisterClientAsync(Part<ProviderSignIn>().ClientId, $"http://localhost:{Port}");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// A fresh browser profile (no cookies) with a page, optionally with JavaScript off (every form works without it)
    /// or in dark mode (Pico follows the system's <c>prefers-color-scheme</c>).
    /// The page's security policy violations are recorded (<see cref="PolicyViolations"/>) and <see cref="Journey"/>
    /// fails on any.
    /// </summary>
    public Task<IPage> NewPageAsync(bool javaScript = true, ColorScheme colorScheme = ColorScheme.Light) =>
        NewPageAsync(javaScript, colorScheme, storageState: null);

    /// <summary>
    /// A fresh profile already signed in as <paramref name="login"/>, for tests about pages rather than about signing in:
    /// the sign-in through dev-idp runs once per login and fixture, and each later profile starts from its cookies.
    /// </summary>
    public async Task<IPage> NewSignedInPageAsync(string login)
    {
        var state = await _signedIn.GetOrAdd(login, l => new Lazy<Task<string>>(() => SignInOnceAsync(l))).Value;
        return await NewPageAsync(javaScript: true, ColorScheme.Light, state);
    }

    private async Task<string> SignInOnceAsync(string login)
    {
        var page = await NewPageAsync();
        await global::TenantSite.Tests.Browser.JourneyShould.SignInAsync(page, Url("localhost", "/signin?returnUrl=%2Fonboarding"), login, Url("localhost", "/onboarding"));
        var state = await page.Context.StorageStateAsync();
        await page.Context.CloseAsync();
        return state;
    }

    private async Task<IPage> NewPageAsync(bool javaScript, ColorScheme colorScheme, string? storageState)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            JavaScriptEnabled = javaScript,
            ColorScheme = colorScheme,
            StorageState = storageState,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        PolicyViolations.Watch(page, Idp.Issuer);
        return page;
    }

    public string Url(string host, string path = "/") => $"http://{host}:{Port}{path}";

    /// <summary>
    /// Runs a journey, which must end without a security policy violation on the app's pages; on failure saves a
    /// screenshot of where it stopped, as a test artifact.
    /// </summary>
    public static async Task Journey(IPage page, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception failure)
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}-failure.png"), FullPage = true });
            // A step that waited in vain may have been stopped by the policy (a blocked form or script): say so.
            if (PolicyViolations.Describe(page) is { } violations) throw new XunitException($"{failure.Message}\n{violations}", failure);
            throw;
        }
        PolicyViolations.AssertNone(page);
    }

    /// <summary>Saves a screenshot of a main page (kept in TestResults; the README's pictures come from these).</summary>
    public static Task Snapshot(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    // The headless shell first: the same Blink at well under half the CPU of the full browser (tools/prerequisites.sh).
    private static string ChromiumPath() =>
        Environment.GetEnvironmentVariable("TENANTSITE_CHROMIUM") is { Length: > 0 } configured ? configured
        : new[] { "/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chromium", "/usr/bin/chromium" }.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException("Chromium not found: apt-get install -y chromium-headless-shell (./test.sh does).");

    public override async ValueTask DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
