using System.Diagnostics;

[assembly: AssemblyFixture(typeof(TenantSite.Tests.Infrastructure.DevIdp))]

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The real development OpenID provider (tools/dev-idp, node oidc-provider) on a free port, once per test run.
/// </summary>
public sealed class DevIdp : IAsyncLifetime
{
    public const string ClientId = "tenantsite";
    public const string ClientSecret = "tenantsite-dev-secret";
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    /// <summary>The provider with its defaults (the assembly fixture).</summary>
    public DevIdp() : this(new Dictionary<string, string>())
    {
    }

    /// <summary>A provider of its own with DEV_IDP_* settings (see tools/dev-idp/README.md); the caller starts it.</summary>
    internal DevIdp(IReadOnlyDictionary<string, string> environment) => _environment = environment;

    /// <summary>The issuer, e.g. http://127.0.0.1:41234: <c>DEV_IDP_ISSUER</c> when that is set, else <see cref="Address"/>
    /// (with <c>DEV_IDP_HOST=0.0.0.0</c> the provider's issuer is loopback: read it from discovery).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Where it listens, from its ready line, e.g. http://127.0.0.1:41234; the issuer unless that is set.</summary>
    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var dir = Path.Combine(RepositoryRoot(), "tools", "dev-idp");
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
            await RunAsync("npm", "ci --no-audit --no-fund", dir); // ./test.sh does this; here for IDE runs

        var start = new ProcessStartInfo("node", "index.mjs")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["DEV_IDP_PORT"] = "0";
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.ErrorDataReceived += (_, _) => { }; // drain the provider's development warnings
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string ready = "dev-idp listening on ";
            if (line.StartsWith(ready, StringComparison.Ordinal))
            {
                Address = new Uri(line[ready.Length..].Trim());
                Issuer = _environment.GetValueOrDefault("DEV_IDP_ISSUER") ?? line[ready.Length..].Trim();
                return;
            }
        }
        throw new InvalidOperationException("tools/dev-idp exited before it was ready.");
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TenantSite.sln"))) return dir.FullName;
        throw new InvalidOperationException("TenantSite.sln not found above the test binaries.");
    }

    private static async Task RunAsync(string file, string arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, UseShellExecute = false })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed in {directory}.");
    }
}
