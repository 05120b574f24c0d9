using TenantSite.Tests.Live;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app on real Kestrel (a free loopback port), as the header-named test users, with live streams that stay open,
/// heartbeats every half second and at most three streams per user; on a database of its own or on
/// another instance's (a second instance, see <see cref="LiveInstances"/>).
/// </summary>
public sealed class LiveAppFactory : TenantSiteFactory
{
    public const int MaxStreamsPerUser = 3;

    public LiveAppFactory(PostgresServer postgres) : this(postgres, sharedDatabase: null) { }

    internal LiveAppFactory(PostgresServer postgres, string? sharedDatabase) : base(postgres,
    [
        new OnKestrel(),
        new AppSettings(
            ("Live:HeartbeatInterval", "00:00:00.5"),
            ("Live:MaxStreamsPerUser", MaxStreamsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Live:StreamLifetime", "00:05:00")),
        .. OnDatabase.If(sharedDatabase),
    ])
    {
    }

    /// <summary>Opens the live stream at <paramref name="pathAndQuery"/> on <paramref name="host"/> as <paramref name="userId"/>.</summary>
    public Task<EventStream> StreamAsync(string host, string pathAndQuery, Guid userId, string? family = null) =>
        EventStream.OpenAsync(SocketClientFor(host, userId, family), new HttpRequestMessage(HttpMethod.Get, pathAndQuery));

    /// <summary>A project of <paramref name="organization"/> (the first by name), read as the owner.</summary>
    public async Task<Guid> ProjectOfAsync(Guid organization, int index = 0) =>
        (Guid)(await Sql.QueryWithoutTenantAsync(AdminSource,
            "SELECT id FROM projects WHERE organization_id = $1 ORDER BY name OFFSET $2 LIMIT 1", organization, index))[0][0]!;

    /// <summary>A superuser's connection to this database (no RLS), for setup and changes made "by someone else".</summary>
    public Npgsql.NpgsqlDataSource AdminSource => AdminSources.For(AdminConnectionString);
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
        B = new LiveAppFactory(postgres, A.Database);
        await B.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
    }
}
