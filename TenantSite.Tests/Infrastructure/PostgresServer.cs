using Npgsql;
using TenantSite.Cli;

[assembly: AssemblyFixture(typeof(TenantSite.Tests.Infrastructure.PostgresServer))]

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL for the whole run: a throwaway <see cref="PostgresCluster"/>, or the server in
/// <c>TENANTSITE_TEST_PG</c> (an admin connection string). A template database is migrated once; each test class gets
/// its own copy in milliseconds. As in production, <c>migrate</c> runs as <see cref="OwnerRole"/>, an ordinary role
/// that owns the template (so every copy, and every table and function in it): FORCEd RLS binds it, and each owner-only
/// policy and SECURITY DEFINER function runs as it would in production, not as a superuser whom RLS never binds.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string RuntimeRole = "tenantsite_app";

    /// <summary>The role that migrates and owns every database: no superuser, no BYPASSRLS; CREATEROLE to create <see cref="RuntimeRole"/>.</summary>
    public const string OwnerRole = "tenantsite_owner";

    // Created, or put back to exactly these attributes, before each run (a shared TENANTSITE_TEST_PG server keeps roles).
    private const string OwnerAttributes = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE";
    private const string Template = "tenantsite_template";
    private readonly bool _ownCluster;
    private string _adminBase = "";
    private int _counter;
    private readonly Lazy<Task<PgBouncer>> _pgBouncer;
    private readonly Lazy<Task<TenantSiteFactory>> _sharedApp;

    public PostgresServer()
    {
        _pgBouncer = new(() => PgBouncer.StartAsync(_adminBase));
        _sharedApp = new(async () =>
        {
            var app = new TenantSiteFactory(this);
            await app.InitializeAsync();
            return app;
        });
    }

    /// <summary>
    /// The run's one default app (<see cref="SharedApp"/>), started on first use and stopped before this server: for the
    /// test classes that need nothing of a host but the default configuration and the demo data.
    /// </summary>
    public Task<TenantSiteFactory> SharedAppAsync() => _sharedApp.Value;

    private PostgresServer(bool ownCluster) : this() => _ownCluster = ownCluster;

    /// <summary>The cluster this server started, or null when it uses <c>TENANTSITE_TEST_PG</c>.</summary>
    public PostgresCluster? Cluster { get; private set; }

    /// <summary>
    /// A server on a cluster of its own, whatever <c>TENANTSITE_TEST_PG</c> says: for a test that stops and starts
    /// PostgreSQL, which the shared server must never see. Dispose it when done.
    /// </summary>
    public static async Task<PostgresServer> StartPrivateAsync()
    {
        var server = new PostgresServer(ownCluster: true);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>A superuser connection string to <paramref name="database"/> (bypasses RLS: for setup and assertions).</summary>
    public string Admin(string database) => new NpgsqlConnectionStringBuilder(_adminBase) { Database = database }.ConnectionString;

    /// <summary>The owner role's connection string to <paramref name="database"/>: what <c>migrate</c> connects as.</summary>
    public string Owner(string database) => new NpgsqlConnectionStringBuilder(_adminBase)
    {
        Database = database, Username = OwnerRole, Password = null,
    }.ConnectionString;

    /// <summary>The runtime role's connection string to <paramref name="database"/>.</summary>
    public string Runtime(string database, int maxPoolSize = 20) => new NpgsqlConnectionStringBuilder(_adminBase)
    {
        Database = database, Username = RuntimeRole, Password = null, MaxPoolSize = maxPoolSize,
    }.ConnectionString;

    /// <summary>The run's PgBouncer (transaction mode) in front of this server: started on first use, stopped with the run.</summary>
    public Task<PgBouncer> PgBouncerAsync() => _pgBouncer.Value;

    public async ValueTask InitializeAsync()
    {
        if (!_ownCluster && Environment.GetEnvironmentVariable("TENANTSITE_TEST_PG") is { Length: > 0 } given)
        {
            _adminBase = given;
        }
        else
        {
            Cluster = await PostgresCluster.StartAsync();
            _adminBase = Cluster.AdminConnectionString;
        }
        await using (var admin = NpgsqlDataSource.Create(Admin("postgres")))
        {
            await Exec(admin, $"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{OwnerRole}') THEN CREATE ROLE {OwnerRole}; END IF;
                END $$;
                ALTER ROLE {OwnerRole} {OwnerAttributes};
                """);
            await Exec(admin, $"DROP DATABASE IF EXISTS {Template}");
            await Exec(admin, $"CREATE DATABASE {Template} OWNER {OwnerRole}");
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TenantSiteAdmin"] = Owner(Template),
            ["ConnectionStrings:TenantSite"] = Runtime(Template),
        }).Build();
        await MigrateCommand.RunAsync(config, NullLogger.Instance, CancellationToken.None);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh, migrated database of its own, owned by <see cref="OwnerRole"/> like everything in it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        var admin = AdminSources.For(Admin("postgres"));
        // FILE_COPY: a quarter faster than WAL_LOG for a template this small, and the test cluster does not fsync.
        await Exec(admin, $"CREATE DATABASE {name} TEMPLATE {Template} OWNER {OwnerRole} STRATEGY FILE_COPY");
        return name;
    }

    /// <summary>An empty database (no migrations) owned by <see cref="OwnerRole"/>, e.g. to migrate or for EF's EnsureCreated.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_empty";
        var admin = AdminSources.For(Admin("postgres"));
        await Exec(admin, $"CREATE DATABASE {name} OWNER {OwnerRole}");
        return name;
    }

    public static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_sharedApp.IsValueCreated && _sharedApp.Value.IsCompletedSuccessfully) await _sharedApp.Value.Result.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_pgBouncer.IsValueCreated && _pgBouncer.Value.IsCompletedSuccessfully) await _pgBouncer.Value.Result.DisposeAsync();
        if (Cluster is not null) await Cluster.DisposeAsync();
    }
}
