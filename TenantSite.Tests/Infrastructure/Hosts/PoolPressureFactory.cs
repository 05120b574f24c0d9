using Npgsql;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app over a pool of two connections for many tenants.</summary>
public class PoolPressureFactory : TenantSiteFactory
{
    public const int Tenants = 24;

    public PoolPressureFactory(PostgresServer postgres) : this(postgres, []) { }

    protected PoolPressureFactory(PostgresServer postgres, params HostPart[] parts) : base(postgres,
        [new RuntimePool(2), .. parts])
    {
    }

    public Guid Member { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = AdminSources.For(AdminConnectionString);
        await using var command = admin.CreateCommand("""
            WITH u AS (INSERT INTO users (issuer, subject, email, name) VALUES ('test', 'pressure', 'p@example.com', 'P') RETURNING id),
                 o AS (INSERT INTO organizations (name, slug)
                       SELECT 'Tenant ' || i, 'tenant-' || lpad(i::text, 2, '0') FROM generate_series(1, $1) i RETURNING id, slug),
                 m AS (INSERT INTO organization_members (organization_id, user_id, role) SELECT o.id, u.id, 'member' FROM o, u)
            INSERT INTO projects (organization_id, name) SELECT id, 'Project of ' || slug FROM o;
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Tenants });
        await command.ExecuteNonQueryAsync();
        await using var user = admin.CreateCommand("SELECT id FROM users WHERE subject = 'pressure'");
        Member = (Guid)(await user.ExecuteScalarAsync())!;
    }
}

/// <summary>The same app, its two connections through PgBouncer in transaction mode.</summary>
public sealed class PoolPressureThroughPgBouncerFactory(PostgresServer postgres) : PoolPressureFactory(postgres, new ThroughPgBouncer());
