using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using TenantSite.Cli;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Cli;

/// <summary><c>healthcheck URL</c>, the image's HEALTHCHECK, against the app on real Kestrel and as its own process.</summary>
public sealed class HealthCheckCommandShould(HealthCheckCommandShould.Factory app) : IClassFixture<HealthCheckCommandShould.Factory>
{
    [Fact]
    public async Task ExitZeroWhileTheAppAnswersAndOneForAProbeThatFails()
    {
        // The image probes /healthz (alive: it asks nothing of the database); /readyz is the probe that can fail here.
        var url = $"http://127.0.0.1:{app.Port}/readyz";
        Assert.Equal(0, await HealthCheckCommand.RunAsync(["healthcheck", $"http://127.0.0.1:{app.Port}/healthz"], TextWriter.Null));
        Assert.Equal(0, await HealthCheckCommand.RunAsync(["healthcheck", url], TextWriter.Null));

        await using (var admin = NpgsqlDataSource.Create(app.Postgres.Admin("postgres")))
            await admin.CreateCommand($"DROP DATABASE {app.Database} WITH (FORCE)").ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

        var error = new StringWriter();
        Assert.Equal(1, await HealthCheckCommand.RunAsync(["healthcheck", url], error));
        Assert.Contains("answered 503", error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("/healthz")]
    [InlineData("ftp://127.0.0.1/healthz")]
    public async Task ExitTwoWithoutAnHttpUrl(params string[] rest)
    {
        var error = new StringWriter();

        Assert.Equal(2, await HealthCheckCommand.RunAsync(["healthcheck", .. rest], error));
        Assert.StartsWith("usage: healthcheck", error.ToString());
    }

    [Fact]
    public async Task RunAsTheAppsOwnCommandWithoutStartingTheApp()
    {
        // Nothing listens on a port just released. Were the command not dispatched before the host is built, the app
        // would start serving (with no configuration at all) and never exit.
        var closed = FreePort();
        var start = new ProcessStartInfo("dotnet", ["TenantSite.dll", "healthcheck", $"http://127.0.0.1:{closed}/healthz"])
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"healthcheck: http://127.0.0.1:{closed}/healthz", await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app on real Kestrel (a free loopback port) over a database of its own, which a test may drop.</summary>
    public sealed class Factory(PostgresServer postgres) : TenantSiteFactory(postgres, new OnKestrel());
}
