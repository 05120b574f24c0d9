namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The run's one default app with the demo data, shared by every class that takes this fixture, at the same time. Such
/// a class makes its own organizations and users for what it changes, and neither writes to the demo organizations nor
/// counts their rows; a class that does (or changes the host: limits, caches, clocks) takes a
/// <see cref="TenantSiteFactory"/> of its own.
/// </summary>
public sealed class SharedApp(PostgresServer postgres) : IAsyncLifetime
{
    public TenantSiteFactory App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await postgres.SharedAppAsync();

    // The server stops it at the end of the run.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
