using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Scripts;

/// <summary>
/// <c>./run.sh</c> as a developer runs it, on free ports and its own data folder: however it ends — a signal from
/// outside its process group, even SIGKILL, which no trap sees — the app, dev-idp and PostgreSQL it started end too.
/// </summary>
[RunsLong(seconds: 45)]
public sealed class RunScriptShould
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(40);

    // SIGKILL, the signal no trap sees, so the watchdog's case. The catchable ones (INT, TERM, HUP) take the EXIT trap,
    // as Ctrl-C always has; a second run of a minute each is not worth the suite's time.
    [Theory]
    [InlineData("KILL")]
    public async Task StopEverythingItStartedWhenItIsSignalled(string signal)
    {
        var (pg, idp, smtp, app) = (PostgresCluster.FreePort(), PostgresCluster.FreePort(), PostgresCluster.FreePort(), PostgresCluster.FreePort());
        var data = Directory.CreateTempSubdirectory("tenantsite-run-sh-");
        if (Environment.UserName == "root") await RunAsync("chmod", "755", data.FullName); // run.sh runs PostgreSQL as postgres
        var output = new StringBuilder();
        var start = new ProcessStartInfo("setsid", "./run.sh")
        {
            WorkingDirectory = DevIdp.RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["TENANTSITE_PG_PORT"] = pg.ToString(), ["TENANTSITE_IDP_PORT"] = idp.ToString(), ["TENANTSITE_SMTP_PORT"] = smtp.ToString(),
            ["TENANTSITE_APP_PORT"] = app.ToString(), ["TENANTSITE_DATA"] = data.FullName,
            // The suite's own Release build: no second build of the app while tests run, and no build servers left
            // holding this process's pipes.
            ["TENANTSITE_CONFIGURATION"] = "Release", ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1", ["UseSharedCompilation"] = "false",
        }) start.Environment[key] = value;

        using var script = Process.Start(start)!;
        script.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        script.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            var up = Stopwatch.StartNew();
            while (!Said(output, "TenantSite is running"))
            {
                Assert.False(script.HasExited, $"run.sh ended before the app was up:\n{Said(output)}");
                Assert.True(up.Elapsed < StartLimit, $"run.sh did not start the app within {StartLimit}:\n{Said(output)}");
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
            Assert.True(Listening(pg) && Listening(idp) && Listening(smtp) && Listening(app), "PostgreSQL, dev-idp, smtp-sink and the app should be up");

            await RunAsync("kill", $"-{signal}", script.Id.ToString());
            var stopping = Stopwatch.StartNew();
            while ((Listening(pg) || Listening(idp) || Listening(smtp) || Listening(app)) && stopping.Elapsed < StopLimit)
                await Task.Delay(250, TestContext.Current.CancellationToken);

            Assert.False(Listening(app), $"the app still answers after SIG{signal} to run.sh:\n{Said(output)}");
            Assert.False(Listening(idp), "dev-idp still answers");
            Assert.False(Listening(smtp), "smtp-sink still answers");
            Assert.False(Listening(pg), "PostgreSQL still answers");
        }
        finally
        {
            // Whatever a failed run left behind, so that it does not outlive the suite.
            foreach (var pattern in new[] { data.FullName, $"--urls http://localhost:{app}", $"run.sh --watchdog {script.Id} " })
                await RunAsync("pkill", "-KILL", "-f", "--", pattern);
            try { data.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool Said(StringBuilder output, string text) { lock (output) return output.ToString().Contains(text, StringComparison.Ordinal); }

    private static string Said(StringBuilder output) { lock (output) return output.ToString(); }

    private static bool Listening(int port)
    {
        using var client = new TcpClient();
        try { client.Connect(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    // Exit codes are not checked: pkill finds nothing after a clean run, and a failed kill shows in the assertions.
    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
    }
}
