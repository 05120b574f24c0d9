using System.Collections.Concurrent;
using System.Diagnostics;

[assembly: AssemblyFixture(typeof(TenantSite.Tests.Infrastructure.DevIdp))]

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The real development OpenID provider (tools/dev-idp, node oidc-provider) on a free port, once per test run. Like
/// Google and Entra ID it accepts only exact redirect URIs: its client <see cref="ClientId"/> has the root domain of the
/// in-memory apps (<c>http://localhost</c>); an app on real Kestrel registers a client of its own for its origin
/// (<see cref="RegisterClientAsync"/>).
/// </summary>
public sealed class DevIdp : IAsyncLifetime
{
    public const string ClientId = "tenantsite";
    public const string ClientSecret = "tenantsite-dev-secret";
    /// <summary>The root domain's origin of the apps that run in memory (TestServer), registered for <see cref="ClientId"/>.</summary>
    public const string InMemoryOrigin = "http://localhost";

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _registrations = new();
    private readonly SemaphoreSlim _stdin = new(1, 1);
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

    /// <summary>The provider's own messages on stderr (e.g. a back-channel logout that failed).</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Where it listens, from its ready line, e.g. http://127.0.0.1:41234; the issuer unless that is set.</summary>
    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var dir = Path.Combine(RepositoryRoot(), "tools", "dev-idp");
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
            await RunAsync("npm", "ci --no-audit --no-fund", dir); // ./test.sh does this; here for IDE runs

        var start = new ProcessStartInfo("node", "index.mjs")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["DEV_IDP_PORT"] = "0";
        start.Environment["DEV_IDP_APP_ORIGIN"] = InMemoryOrigin;
        foreach (var (name, value) in _environment) start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        // Drain the provider's development warnings; keep its own lines ("dev-idp: …") for a failing test to show.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("dev-idp:", StringComparison.Ordinal) == true) Messages.Enqueue(e.Data);
        };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string ready = "dev-idp listening on ";
            if (line.StartsWith(ready, StringComparison.Ordinal))
            {
                Address = new Uri(line[ready.Length..].Trim());
                Issuer = _environment.GetValueOrDefault("DEV_IDP_ISSUER") ?? line[ready.Length..].Trim();
                _ = ReadConfirmationsAsync(_process);
                return;
            }
        }
        throw new InvalidOperationException("tools/dev-idp exited before it was ready.");
    }

    /// <summary>
    /// Registers (or replaces) client <paramref name="clientId"/> with the same secret and exactly the URIs of
    /// <paramref name="origin"/>: its /signin-oidc, /signout-callback-oidc and /backchannel-logout.
    /// </summary>
    public async Task RegisterClientAsync(string clientId, string origin)
    {
        var registered = _registrations.GetOrAdd(clientId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _stdin.WaitAsync();
        try
        {
            await _process!.StandardInput.WriteLineAsync($"client {clientId} {origin.TrimEnd('/')}");
            await _process.StandardInput.FlushAsync();
        }
        finally
        {
            _stdin.Release();
        }
        await registered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        _registrations.TryRemove(clientId, out _);
    }

    private async Task ReadConfirmationsAsync(Process process)
    {
        const string confirmed = "dev-idp registered ";
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(confirmed, StringComparison.Ordinal) && _registrations.TryGetValue(line[confirmed.Length..].Trim(), out var done))
                done.TrySetResult();
        }
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
