namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app on real Kestrel (a free loopback port) over a pool of one connection: whatever request comes next gets the
/// very connection the one before had, so a test can see what a request leaves behind on it.
/// </summary>
public sealed class SingleConnectionAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres, new RuntimePool(1), new OnKestrel());
