using System.Net;
using TenantSite.Cli;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app with real sign-in, recording the configuration keys it reads (<see cref="ConfigurationReads"/>): while it
/// starts and serves (the compose file's <c>app</c> service), then while it runs the commands of the <c>migrate</c>
/// service. A key that a compose service sets and the app never reads is a typo or a setting that does nothing.
/// </summary>
public sealed class ComposeAppFactory(PostgresServer postgres, DevIdp idp)
    : TenantSiteFactory(postgres, new ProviderSignIn(idp), new OnHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.Add(Reads))))
{
    // One per run: a configuration source must exist before the host does, and there is one such host.
    private static readonly ConfigurationReads Reads = new();

    /// <summary>Keys read while starting and serving: a page, the health check, a sign-in up to the provider.</summary>
    public IReadOnlySet<string> ReadWhileServing { get; private set; } = new HashSet<string>();

    /// <summary>Keys read by <c>migrate</c> and <c>seed-demo</c>, on top of those of the app they run in.</summary>
    public IReadOnlySet<string> ReadByCommands { get; private set; } = new HashSet<string>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        using var browser = NewBrowser();
        foreach (var url in new[] { "http://localhost/healthz", "http://acme.localhost/", "http://localhost/signin" })
        {
            var response = await browser.FollowAsync(await browser.GetAsync(url));
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"{url} ended on {response.RequestMessage!.RequestUri} with {response.StatusCode}.");
        }
        ReadWhileServing = Reads.Keys;

        var configuration = Services.GetRequiredService<IConfiguration>();
        await MigrateCommand.RunAsync(configuration, NullLogger.Instance, CancellationToken.None);
        await SeedDemoCommand.RunAsync(Services, configuration, NullLogger.Instance, CancellationToken.None);
        ReadByCommands = Reads.Keys.Except(ReadWhileServing, StringComparer.OrdinalIgnoreCase).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
