using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb + pg_ctl on a free loopback port in a temp dir (as the postgres user when
/// running as root), trust authentication, no fsync. It can be stopped and started again on the same port, which is
/// how the fault tests take the database away from a running app.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _dir;
    private string _options = "";

    private PostgresCluster(string dir) => _dir = dir;

    /// <summary>The superuser connection string (database <c>postgres</c>).</summary>
    public string AdminConnectionString { get; private set; } = "";

    /// <summary>Creates and starts a cluster.</summary>
    public static async Task<PostgresCluster> StartAsync()
    {
        var cluster = new PostgresCluster(Directory.CreateTempSubdirectory("tenantsite-pg-").FullName);
        if (IsRoot) await RunRawAsync("chown", $"postgres {cluster._dir}");
        await RunAsync("initdb", $"-D {cluster.Data} -U postgres -A trust -E UTF8 --locale=C --no-sync");
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            cluster._options = $"-c listen_addresses=127.0.0.1 -p {port} -k {cluster._dir} -c fsync=off -c synchronous_commit=off " +
                               "-c full_page_writes=off -c max_connections=300";
            try
            {
                await cluster.StartAgainAsync();
                cluster.AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
                return cluster;
            }
            catch (InvalidOperationException) when (attempt < 3) { /* the port was taken meanwhile: try another */ }
        }
    }

    /// <summary>Shuts the server down the way an administrator's restart does (fast: sessions are terminated).</summary>
    public async Task StopAsync()
    {
        await AdminSources.ForgetServerAsync(new Npgsql.NpgsqlConnectionStringBuilder(AdminConnectionString).Port);
        await RunAsync("pg_ctl", $"-D {Data} -m fast -w stop");
    }

    /// <summary>Starts the server again, on the same port, and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => RunAsync("pg_ctl", $"-D {Data} -l {_dir}/log -w -o \"{_options}\" start");

    public async ValueTask DisposeAsync()
    {
        await RunAsync("pg_ctl", $"-D {Data} -m immediate stop", check: false);
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Data => Path.Combine(_dir, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private static Task RunAsync(string tool, string arguments, bool check = true) => IsRoot
        ? RunRawAsync("runuser", $"-u postgres -- {PgTool(tool)} {arguments}", check)
        : RunRawAsync(PgTool(tool), arguments, check);

    // initdb/pg_ctl are on PATH on Debian images only sometimes; the versioned bin dir always has them. Also how the
    // schema file's test finds pg_dump (Data/SchemaDump).
    internal static string PgTool(string tool)
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

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
