using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Live;

/// <summary>
/// The app on real Kestrel (a free loopback port), as the header-named test users, with live streams that stay open,
/// heartbeats every half second and at most three streams per user; on a database of its own or on
/// <see cref="SharedDatabase"/> (a second instance, see <see cref="LiveInstances"/>).
/// </summary>
public class LiveAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    /// <summary>Another instance's database to serve instead of a fresh one.</summary>
    public string? SharedDatabase { get; init; }

    public const int MaxStreamsPerUser = 3;

    public int Port { get; private set; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Live:HeartbeatInterval"] = "00:00:00.5",
        ["Live:MaxStreamsPerUser"] = MaxStreamsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Live:StreamLifetime"] = "00:05:00",
    };

    protected override Task<string> CreateDatabaseAsync() => SharedDatabase is null ? base.CreateDatabaseAsync() : Task.FromResult(SharedDatabase);

    protected override void BeforeStart()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        Port = ClientOptions.BaseAddress.Port;
    }

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

    /// <summary>Opens the live stream at <paramref name="pathAndQuery"/> on <paramref name="host"/> as <paramref name="userId"/>.</summary>
    public Task<EventStream> StreamAsync(string host, string pathAndQuery, Guid userId, string? family = null) =>
        EventStream.OpenAsync(SocketClientFor(host, userId, family), new HttpRequestMessage(HttpMethod.Get, pathAndQuery));

    /// <summary>A project of <paramref name="organization"/> (the first by name), read as the owner.</summary>
    public async Task<Guid> ProjectOfAsync(Guid organization, int index = 0) =>
        (Guid)(await Sql.QueryWithoutTenantAsync(await AdminSourceAsync(),
            "SELECT id FROM projects WHERE organization_id = $1 ORDER BY name OFFSET $2 LIMIT 1", organization, index))[0][0]!;

    private Npgsql.NpgsqlDataSource? _admin;

    /// <summary>The owner's connection to this database (no RLS), for setup and changes made "by someone else".</summary>
    public Task<Npgsql.NpgsqlDataSource> AdminSourceAsync() => Task.FromResult(_admin ??= Npgsql.NpgsqlDataSource.Create(AdminConnectionString));

    public override async ValueTask DisposeAsync()
    {
        if (_admin is not null) await _admin.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>Two instances of <see cref="LiveAppFactory"/> on one database, as two app servers behind a load balancer.</summary>
public sealed class LiveInstances(PostgresServer postgres) : IAsyncLifetime
{
    public LiveAppFactory A { get; private set; } = null!;
    public LiveAppFactory B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        A = new LiveAppFactory(postgres);
        await A.InitializeAsync();
        B = new LiveAppFactory(postgres) { SharedDatabase = A.Database };
        await B.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
    }
}
