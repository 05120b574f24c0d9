namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The real app with the demo data, its runtime connections (and <see cref="TenantSiteFactory.RuntimeDataSource"/>)
/// through the run's PgBouncer in transaction mode. The owner's connections (migrate, seeding, assertions) stay direct.
/// </summary>
public sealed class PgBouncerAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres, new ThroughPgBouncer());
