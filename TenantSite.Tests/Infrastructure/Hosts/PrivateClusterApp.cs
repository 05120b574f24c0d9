namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app (with the demo data) over a PostgreSQL cluster of its own, which a test may stop and start: the shared
/// cluster never goes down under the other test classes.
/// </summary>
public sealed class PrivateClusterApp : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public TenantSiteFactory App { get; private set; } = null!;

    /// <summary>The cluster to stop and start.</summary>
    public PostgresCluster Cluster => Postgres.Cluster!;

    public async ValueTask InitializeAsync()
    {
        Postgres = await PostgresServer.StartPrivateAsync();
        App = new TenantSiteFactory(Postgres);
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}
