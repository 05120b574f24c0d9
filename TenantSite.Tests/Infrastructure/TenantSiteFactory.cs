using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using TenantSite.Cli;
using TenantSite.Data;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The real app over its own copy of the migrated database, with the demo data seeded through <c>seed-demo</c>.
/// Tests take it through <c>IClassFixture&lt;TenantSiteFactory&gt;</c>.
/// </summary>
public class TenantSiteFactory(PostgresServer postgres) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public PostgresServer Postgres { get; } = postgres;
    public string Database { get; private set; } = "";
    public DemoData Demo { get; private set; } = null!;
    public string AdminConnectionString => Postgres.Admin(Database);

    /// <summary>The owner role's connection string (what the app's <c>ConnectionStrings:TenantSiteAdmin</c> gets): bound by FORCEd RLS.</summary>
    public string OwnerConnectionString => Postgres.Owner(Database);

    /// <summary>Waits for the app's listener to catch up with every write committed so far (its caches with them).</summary>
    public NotificationBarrier Notifications { get; } = new();

    private NpgsqlDataSource? _runtimeDataSource;
    private PgBouncer? _pgBouncer;

    /// <summary>
    /// The database as the app's runtime role, outside the app: for tests of the database layer alone (RLS, triggers),
    /// which must hold with no EF query filter in front of them. Shared by the fixture's tests, disposed with it.
    /// </summary>
    public NpgsqlDataSource RuntimeDataSource => _runtimeDataSource ??= NpgsqlDataSource.Create(RuntimeConnectionString());

    /// <summary>
    /// The runtime role's connection string to this fixture's database, the one the app gets: direct, or through the
    /// run's PgBouncer when <see cref="ThroughPgBouncer"/>.
    /// </summary>
    public string RuntimeConnectionString(int maxPoolSize = 20) =>
        _pgBouncer?.Through(Postgres.Runtime(Database, maxPoolSize)) ?? Postgres.Runtime(Database, maxPoolSize);

    /// <summary>True for a fixture whose runtime connections go through PgBouncer in transaction mode.</summary>
    protected virtual bool ThroughPgBouncer => false;

    /// <summary>Extra settings a derived fixture applies on top (pool size, OIDC authority, …).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        if (ThroughPgBouncer) _pgBouncer = await Postgres.PgBouncerAsync();
        BeforeStart();
        await SeedDemoCommand.RunAsync(Services, Services.GetRequiredService<IConfiguration>(), NullLogger.Instance, default);
        Demo = await DemoData.LoadAsync(AdminConnectionString);
        // The seed's membership writes empty the membership cache when their notifications arrive: let them arrive
        // now, so no test's first request races them. Behind PgBouncer the listener hears nothing (ListenDataSource).
        if (!ThroughPgBouncer) await Notifications.PassAsync(AdminConnectionString);
    }

    /// <summary>The database this host serves: a fresh copy unless a derived fixture shares one (<see cref="TwoInstances"/>).</summary>
    protected virtual Task<string> CreateDatabaseAsync() => Postgres.CreateDatabaseAsync();

    /// <summary>Runs once the database exists and before the host starts (e.g. to choose real Kestrel).</summary>
    protected virtual void BeforeStart() { }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:TenantSite", RuntimeConnectionString());
        builder.UseSetting("ConnectionStrings:TenantSiteAdmin", OwnerConnectionString);
        builder.UseSetting("Tenancy:RootDomain", "localhost");
        // Many tests sign in and write as one user from one address (TestServer has none): limits they never reach.
        // The tests of the limits themselves set low ones in their own fixtures.
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("RateLimits:WritesPerUserPerMinute", "100000");
        builder.UseSetting("RateLimits:WritesPerOrganizationPerMinute", "100000");
        builder.UseSetting("RateLimits:ApiRequestsPerKeyPerMinute", "100000");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IChannelSubscription>(Notifications);
            ConfigureTestAuthentication(services);
        });
    }

    /// <summary>Makes the header-based test scheme the default; fixtures that test real sign-in override this.</summary>
    protected virtual void ConfigureTestAuthentication(IServiceCollection services) =>
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = TestAuthHandler.SchemeName;
                o.DefaultChallengeScheme = TestAuthHandler.SchemeName;
                o.DefaultForbidScheme = TestAuthHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { });

    /// <summary>A client that sends requests to <paramref name="host"/> as <paramref name="userId"/> (or anonymously).</summary>
    public HttpClient ClientFor(string host, Guid? userId = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"http://{host}") });
        if (userId is { } id) client.DefaultRequestHeaders.Add(TestAuthHandler.Header, id.ToString());
        return client;
    }

    /// <summary>Like <see cref="ClientFor"/>, from the client address <paramref name="address"/> (with a cookie jar).</summary>
    public HttpClient ClientFrom(IPAddress address, string host, Guid? userId = null)
    {
        var handler = new CookieContainerHandler { InnerHandler = Server.CreateHandler(c => c.Connection.RemoteIpAddress = address) };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://{host}") };
        if (userId is { } id) client.DefaultRequestHeaders.Add(TestAuthHandler.Header, id.ToString());
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_runtimeDataSource is not null) await _runtimeDataSource.DisposeAsync();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
