using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Npgsql;
using TenantSite.Cli;
using TenantSite.Data;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The real app over its own copy of the migrated database, with the demo data seeded through <c>seed-demo</c>, made of
/// the <see cref="HostPart"/>s it is given (none: header sign-in, TestServer). Tests take it through
/// <c>IClassFixture&lt;TenantSiteFactory&gt;</c>, or a host type of their kind that names its parts.
/// </summary>
public class TenantSiteFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly HostPart[] _parts;
    private NpgsqlDataSource? _runtimeDataSource;
    private PgBouncer? _pgBouncer;

    public TenantSiteFactory(PostgresServer postgres) : this(postgres, []) { }

    protected TenantSiteFactory(PostgresServer postgres, params HostPart[] parts)
    {
        Postgres = postgres;
        _parts = parts.Any(p => p.SignsIn) ? parts : [new HeaderSignIn(), .. parts];
    }

    public PostgresServer Postgres { get; }
    public string Database { get; private set; } = "";
    public DemoData Demo { get; private set; } = null!;
    public string AdminConnectionString => Postgres.Admin(Database);

    /// <summary>The owner role's connection string (what the app's <c>ConnectionStrings:TenantSiteAdmin</c> gets): bound by FORCEd RLS.</summary>
    public string OwnerConnectionString => Postgres.Owner(Database);

    /// <summary>Waits for the app's listener to catch up with every write committed so far (its caches with them).</summary>
    public NotificationBarrier Notifications { get; } = new();

    /// <summary>The part of type <typeparamref name="T"/> this host was made with.</summary>
    public T Part<T>() where T : HostPart =>
        _parts.OfType<T>().SingleOrDefault() ?? throw new InvalidOperationException($"{GetType().Name} has no {typeof(T).Name} part.");

    public bool Has<T>() where T : HostPart => _parts.OfType<T>().Any();

    /// <summary>Kestrel's port, for a host made <see cref="OnKestrel"/>.</summary>
    public int Port => Part<OnKestrel>().Port;

    /// <summary>The provider of a host with <see cref="ProviderSignIn"/> through tools/dev-idp.</summary>
    public DevIdp Idp => Part<ProviderSignIn>().Idp ?? throw new InvalidOperationException($"{GetType().Name} signs in elsewhere than dev-idp.");

    /// <summary>
    /// The database as the app's runtime role, outside the app: for tests of the database layer alone (RLS, triggers),
    /// which must hold with no EF query filter in front of them. Shared by the fixture's tests, disposed with it.
    /// </summary>
    public NpgsqlDataSource RuntimeDataSource => _runtimeDataSource ??= NpgsqlDataSource.Create(RuntimeConnectionString());

    /// <summary>
    /// The runtime role's connection string to this host's database, the one the app gets: direct, or through the
    /// run's PgBouncer for a host made <see cref="ThroughPgBouncer"/>.
    /// </summary>
    public string RuntimeConnectionString(int maxPoolSize = 20) =>
        _pgBouncer?.Through(Postgres.Runtime(Database, maxPoolSize)) ?? Postgres.Runtime(Database, maxPoolSize);

    public virtual async ValueTask InitializeAsync()
    {
        foreach (var part in _parts) await part.StartAsync();
        Database = Has<OnDatabase>() ? Part<OnDatabase>().Name : await Postgres.CreateDatabaseAsync();
        if (Has<ThroughPgBouncer>()) _pgBouncer = await Postgres.PgBouncerAsync();
        foreach (var part in _parts) part.BeforeStart(this);
        await SeedDemoCommand.RunAsync(Services, Services.GetRequiredService<IConfiguration>(), NullLogger.Instance, default);
        Demo = await DemoData.LoadAsync(AdminConnectionString);
        // The seed's membership writes empty the membership cache when their notifications arrive: let them arrive
        // now, so no test's first request races them. Behind PgBouncer the listener hears nothing (ListenDataSource).
        if (_pgBouncer is null) await Notifications.PassAsync(AdminConnectionString);
        foreach (var part in _parts) await part.StartedAsync(this);
    }

    // Sealed: a host differs by its parts, not by overriding the builder.
    protected sealed override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:TenantSite"] = RuntimeConnectionString(),
            ["ConnectionStrings:TenantSiteAdmin"] = OwnerConnectionString,
            ["Tenancy:RootDomain"] = "localhost",
            // Many tests sign in and write as one user from one address (TestServer has none): limits they never reach.
            // The tests of the limits themselves set low ones in their own hosts.
            ["RateLimits:SignInPerMinute"] = "100000",
            ["RateLimits:WritesPerUserPerMinute"] = "100000",
            ["RateLimits:WritesPerOrganizationPerMinute"] = "100000",
            ["RateLimits:ApiRequestsPerKeyPerMinute"] = "100000",
        };
        foreach (var part in _parts) part.AddSettings(this, settings);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<IChannelSubscription>(Notifications));
        foreach (var part in _parts) part.ConfigureHost(this, builder);
    }

    /// <summary>
    /// A client (with a cookie jar) that sends requests to <paramref name="host"/> as <paramref name="userId"/> (or
    /// anonymously). Its API exchanges are held against the published document (<see cref="ApiContract"/>).
    /// </summary>
    public HttpClient ClientFor(string host, Guid? userId = null)
    {
        var client = CreateDefaultClient(new Uri($"http://{host}"), new CookieContainerHandler(), ApiContract.Handler());
        if (userId is { } id) client.DefaultRequestHeaders.Add(TestAuthHandler.Header, id.ToString());
        return client;
    }

    /// <summary>Like <see cref="ClientFor"/>, from the client address <paramref name="address"/>.</summary>
    public HttpClient ClientFrom(IPAddress address, string host, Guid? userId = null)
    {
        var handler = new CookieContainerHandler
        {
            InnerHandler = ApiContract.Handler(Server.CreateHandler(c => c.Connection.RemoteIpAddress = address)),
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://{host}") };
        if (userId is { } id) client.DefaultRequestHeaders.Add(TestAuthHandler.Header, id.ToString());
        return client;
    }

    /// <summary>
    /// A browser that talks to this app (in memory) and to its dev-idp (over HTTP); from the client address
    /// <paramref name="from"/> when given (TestServer has none of its own).
    /// </summary>
    public Browser NewBrowser(IPAddress? from = null) =>
        new(from is null ? Server.CreateHandler() : Server.CreateHandler(c => c.Connection.RemoteIpAddress = from), Idp.Issuer);

    /// <summary>A client that talks to Kestrel over TCP as <paramref name="userId"/> on <paramref name="host"/>, with cookies.</summary>
    public HttpClient SocketClientFor(string host, Guid userId, string? family = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Host = host;
        client.DefaultRequestHeaders.Add(TestAuthHandler.Header, userId.ToString());
        if (family is not null) client.DefaultRequestHeaders.Add(TestAuthHandler.SessionHeader, family);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_runtimeDataSource is not null) await _runtimeDataSource.DisposeAsync();
        await base.DisposeAsync();
        foreach (var part in _parts.Reverse()) await part.StopAsync();
        GC.SuppressFinalize(this);
    }
}
