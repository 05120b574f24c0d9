using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using TenantSite.Cli;

[assembly: AssemblyFixture(typeof(TenantSite.Tests.Infrastructure.PostgresServer))]

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// One real PostgreSQL for the whole run: a throwaway cluster (initdb + pg_ctl on a free port in a temp dir, as the
/// postgres user when running as root), or the server in <c>TENANTSITE_TEST_PG</c> (an admin connection string).
/// A template database is migrated once; each test class gets its own copy in milliseconds.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string RuntimeRole = "tenantsite_app";
    private const string Template = "tenantsite_template";
    private string? _clusterDir;
    private string _adminBase = "";
    private int _counter;

    /// <summary>A superuser connection string to <paramref name="database"/> (bypasses RLS: for setup and assertions).</summary>
    public string Admin(string database) => new NpgsqlConnectionStringBuilder(_adminBase) { Database = database }.ConnectionString;

    /// <summary>The runtime role's connection string to <paramref name="database"/>.</summary>
    public string Runtime(string database, int maxPoolSize = 20) => new NpgsqlConnectionStringBuilder(_adminBase)
    {
        Database = database, Username = RuntimeRole, Password = null, MaxPoolSize = maxPoolSize,
    }.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        _adminBase = Environment.GetEnvironmentVariable("TENANTSITE_TEST_PG") is { Length: > 0 } given
            ? given
            : await StartClusterAsync();
        await using (var admin = NpgsqlDataSource.Create(Admin("postgres")))
        {
            await Exec(admin, $"DROP DATABASE IF EXISTS {Template}");
            await Exec(admin, $"CREATE DATABASE {Template}");
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TenantSiteAdmin"] = Admin(Template),
            ["ConnectionStrings:TenantSite"] = Runtime(Template),
        }).Build();
        await MigrateCommand.RunAsync(config, NullLogger.Instance, CancellationToken.None);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A fresh, migrated database of its own.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await using var admin = NpgsqlDataSource.Create(Admin("postgres"));
        await Exec(admin, $"CREATE DATABASE {name} TEMPLATE {Template}");
        return name;
    }

    /// <summary>An empty database (no migrations), e.g. for EF's EnsureCreated.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}_empty";
        await using var admin = NpgsqlDataSource.Create(Admin("postgres"));
        await Exec(admin, $"CREATE DATABASE {name}");
        return name;
    }

    public static async Task Exec(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDir is null) return;
        await RunAsync("pg_ctl", $"-D {_clusterDir}/data -m immediate stop", check: false);
        try { Directory.Delete(_clusterDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task<string> StartClusterAsync()
    {
        _clusterDir = Directory.CreateTempSubdirectory("tenantsite-pg-").FullName;
        if (IsRoot) await RunRawAsync("chown", $"postgres {_clusterDir}");
        await RunAsync("initdb", $"-D {_clusterDir}/data -U postgres -A trust -E UTF8 --locale=C --no-sync");
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var options = $"-c listen_addresses=127.0.0.1 -p {port} -k {_clusterDir} -c fsync=off -c synchronous_commit=off " +
                          "-c full_page_writes=off -c max_connections=300";
            try
            {
                await RunAsync("pg_ctl", $"-D {_clusterDir}/data -l {_clusterDir}/log -w -o \"{options}\" start");
                return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
            }
            catch (InvalidOperationException) when (attempt < 3) { /* the port was taken meanwhile: try another */ }
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsync(string tool, string arguments, bool check = true) => IsRoot
        ? RunRawAsync("runuser", $"-u postgres -- {PgTool(tool)} {arguments}", check)
        : RunRawAsync(PgTool(tool), arguments, check);

    // initdb/pg_ctl are on PATH on Debian images only sometimes; the versioned bin dir always has them.
    private static string PgTool(string tool)
    {
        var dirs = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        foreach (var dir in dirs.OrderDescending())
        {
            var path = Path.Combine(dir, "bin", tool);
            if (File.Exists(path)) return path;
        }
        return tool;
    }

    private static async Task RunRawAsync(string file, string arguments, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await stdout}{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
