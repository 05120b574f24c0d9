using System.Collections.Concurrent;
using TenantSite.Data.Entities;
using TenantSite.Tests.Auth.Oidc;
using TenantSite.Tests.Security;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app as a developer runs it (Development environment, real sign-in through tools/dev-idp), with alice — owner of
/// acme, so every form is hers to use — signed in on the root domain and on acme's host, everything there is to
/// attack found by crawling as her, and the database as it was before any attack.
/// </summary>
public sealed class HostileInputAppFactory(PostgresServer postgres, DevIdp idp) : TenantSiteFactory(postgres,
    new ProviderSignIn(idp),
    new InEnvironment("Development"),
    // Warnings and errors only: capturing every entry of thousands of requests would slow the corpus down severalfold.
    new CapturedLogs<CapturingLoggerProvider>(atLeast: LogLevel.Warning),
    // Thousands of requests in seconds: rate limits would answer most with 429 and the corpus would stop reaching the
    // code it is meant to test. Every answer is read to its end (RawSession): a page's live stream (TenantSite/Live)
    // that the corpus opens ends after half a second here, and alice may hold as many as the corpus opens at once.
    new AppSettings(
        ("RateLimits:SignInPerMinute", "1000000"),
        ("RateLimits:WritesPerUserPerMinute", "1000000"),
        ("RateLimits:WritesPerOrganizationPerMinute", "1000000"),
        ("Live:StreamLifetime", "00:00:00.5"),
        ("Live:MaxStreamsPerUser", "1000")))
{
    /// <summary>The hosts alice has a session on: the root domain (landing, onboarding, path mode) and acme's own.</summary>
    public static readonly string[] Hosts = ["localhost", "acme.localhost"];

    public CapturingLoggerProvider Logs => Part<CapturedLogs<CapturingLoggerProvider>>().Provider;
    public HostileInputs Inputs { get; } = HostileInputs.Load();
    public RawSession Alice { get; private set; } = null!;
    public RawSession Stranger { get; private set; } = null!;
    public EndpointQueries Endpoints { get; private set; } = null!;
    public AppSurfaces Surfaces { get; private set; } = null!;
    public DatabaseSnapshot Before { get; private set; } = null!;

    /// <summary>Values that some request saved on purpose (trimmed, as the pages save them): a form accepted them.</summary>
    public ConcurrentDictionary<string, bool> Accepted { get; } = new(StringComparer.Ordinal);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Alice = new RawSession(Server, "alice");
        Stranger = new RawSession(Server, "stranger");
        using (var browser = NewBrowser())
        {
            await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "alice");
            await browser.FollowAsync(await browser.GetAsync("http://localhost/org/acme/")); // silent: the provider knows her
            foreach (var host in Hosts) Alice.AddCookies(host, browser.Cookies.GetCookies(new Uri($"http://{host}/")));
        }

        // Open invitations, so that the crawl finds the forms that answer and revoke them: one for alice (in globex), and
        // one to acme, which she revokes on its members page.
        await TestOrganizations.CreateInvitationAsync(AdminConnectionString, Demo.Globex, "alice@example.com", Roles.Viewer);
        await TestOrganizations.CreateInvitationAsync(AdminConnectionString, Demo.Acme, "corpus-invitee@example.com", Roles.Viewer);
        // An invitation link to an organization alice is not in, so that the crawl finds the forms that answer it.
        var joinSlug = TestOrganizations.NewSlug("corpus");
        var joinOrg = await TestOrganizations.CreateAsync(AdminConnectionString, joinSlug, (Demo.Carol, Roles.Owner));
        var (_, joinToken) = await TestOrganizations.CreateInvitationLinkAsync(AdminConnectionString, joinOrg, "corpus-link@example.com",
            Roles.Viewer, Demo.Carol);
        // A second sign-in of alice's (another device), so that the crawl finds the Sessions page's forms for both.
        await TestOrganizations.ScalarAsync<Guid>(AdminConnectionString,
            "INSERT INTO user_sessions (id, family_id, user_id, host, user_agent) VALUES ($1, $1, $2, 'localhost', 'Corpus/1.0') RETURNING id",
            Guid.NewGuid(), Demo.Alice);
        // An active API key of acme, so that the crawl finds the form that revokes it on the settings page.
        await TestOrganizations.CreateApiKeyAsync(AdminConnectionString, Demo.Acme, Roles.Member, "Corpus key", Demo.Alice);

        // The crawl opens one project page per mode, the first it meets; it must be one with tasks, or the task forms
        // would escape the corpus. So that one is named here rather than left to the dashboard's order.
        var withTasks = await TestOrganizations.ScalarAsync<Guid>(AdminConnectionString,
            "SELECT project_id FROM tasks WHERE organization_id = $1 LIMIT 1", Demo.Acme);
        Endpoints = await EndpointQueries.LoadAsync(Services);
        Surfaces = await AppSurfaces.DiscoverAsync(
            [
                (Alice, $"http://acme.localhost/projects/{withTasks}"), (Alice, $"http://localhost/org/acme/projects/{withTasks}"),
                (Alice, "http://localhost/"), (Alice, "http://localhost/onboarding"), (Alice, "http://localhost/invitations"),
                (Alice, $"http://localhost/join/{joinSlug}/{joinToken}"),
                (Alice, "http://acme.localhost/"),
                (Alice, "http://localhost/org/acme/"), (Alice, "http://localhost/signin/error?error=x&returnUrl=%2F"),
            ], Endpoints);
        foreach (var target in Inputs["target"]) Surfaces.AddTarget(Alice, "localhost", target.Value());
        Before = await DatabaseSnapshot.TakeAsync(AdminConnectionString);
    }
}
