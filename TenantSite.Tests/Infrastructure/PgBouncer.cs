using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// A throwaway PgBouncer in <c>pool_mode = transaction</c> in front of the test run's PostgreSQL: a config and auth file
/// in a temp dir, a free loopback port, every database passed through. Its pools are small
/// (<see cref="PoolSize"/> server connections per database and role), so the clients of a test really share server
/// connections. <see cref="PostgresServer.PgBouncerAsync"/> starts one per run on first use and stops it with the run.
/// </summary>
public sealed class PgBouncer : IAsyncDisposable
{
    /// <summary>Server connections per database and role: fewer than any test's concurrent clients.</summary>
    public const int PoolSize = 3;

    private readonly string _dir;
    private Process? _process;

    private PgBouncer(string dir) => _dir = dir;

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// <paramref name="direct"/> (a connection string to the server behind it), through this PgBouncer, with the settings
    /// transaction pooling needs: no automatic preparation (1.18 cannot keep prepared statements) and no reset on
    /// close (the reset would run on whichever server connection the pooler picks, for nothing).
    /// </summary>
    public string Through(string direct) => new NpgsqlConnectionStringBuilder(direct)
    {
        Host = "127.0.0.1", Port = Port, MaxAutoPrepare = 0, NoResetOnClose = true,
    }.ConnectionString;

    /// <summary>Starts PgBouncer in front of the server that <paramref name="adminConnectionString"/> points at.</summary>
    public static async Task<PgBouncer> StartAsync(string adminConnectionString)
    {
        var server = new NpgsqlConnectionStringBuilder(adminConnectionString);
        var bouncer = new PgBouncer(Directory.CreateTempSubdirectory("tenantsite-pgbouncer-").FullName);
        // Trust, as the test clusters do; a given server's superuser password goes where PgBouncer logs in with it.
        await File.WriteAllTextAsync(Path.Combine(bouncer._dir, "users.txt"),
            $"\"{server.Username}\" \"{server.Password}\"\n\"{PostgresServer.RuntimeRole}\" \"\"\n");
        if (IsRoot) await RunAsync("chown", $"-R postgres {bouncer._dir}");
        for (var attempt = 0; ; attempt++)
        {
            bouncer.Port = PostgresCluster.FreePort();
            await File.WriteAllTextAsync(bouncer.Config, $"""
                [databases]
                * = host={server.Host} port={server.Port}

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = {bouncer.Port}
                unix_socket_dir = {bouncer._dir}
                logfile = {bouncer._dir}/pgbouncer.log
                auth_type = trust
                auth_file = {bouncer._dir}/users.txt
                pool_mode = transaction
                default_pool_size = {PoolSize}
                max_client_conn = 2000
                """);
            try
            {
                await bouncer.StartProcessAsync();
                return bouncer;
            }
            catch (InvalidOperationException) when (attempt < 3) { /* the port was taken meanwhile: try another */ }
        }
    }

    private string Config => Path.Combine(_dir, "pgbouncer.ini");

    private async Task StartProcessAsync()
    {
        // PgBouncer refuses to run as root: as root, it runs as the postgres user, like the test clusters. A watchdog
        // stops it (and removes its files) when the test process is gone, also after a crash or a kill -9.
        var pgbouncer = IsRoot ? $"runuser -u postgres -- {Binary} {Config}" : $"{Binary} {Config}";
        var tests = Environment.ProcessId;
        var script = $"{pgbouncer} & child=$!; " +
                     $"while kill -0 $child 2>/dev/null && kill -0 {tests} 2>/dev/null; do sleep 1; done; " +
                     $"if ! kill -0 {tests} 2>/dev/null; then kill $child; wait $child; rm -rf {_dir}; fi";
        var info = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start pgbouncer.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(50))
        {
            if (_process.HasExited) break;
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) { /* not listening yet */ }
        }
        Stop();
        var log = Path.Combine(_dir, "pgbouncer.log");
        throw new InvalidOperationException($"pgbouncer did not start on port {Port}: {(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
    }

    private void Stop()
    {
        if (_process is null) return;
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
        _process.WaitForExit(5000);
        _process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    // Debian installs it to /usr/sbin, which is not on every user's PATH.
    private static string Binary => File.Exists("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : "pgbouncer";

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}");
    }
}
