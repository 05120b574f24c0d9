using Npgsql;
using TenantSite.Cli;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Cli;

public sealed class MigrateCommandShould(PostgresServer postgres)
{
    private static IConfiguration Config(string admin, string runtime) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TenantSiteAdmin"] = admin,
            ["ConnectionStrings:TenantSite"] = runtime,
        }).Build();

    [Fact]
    public async Task MigrateAnEmptyDatabaseAndBeIdempotent()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();
        var config = Config(postgres.Owner(database), postgres.Runtime(database));

        await MigrateCommand.RunAsync(config, NullLogger.Instance, TestContext.Current.CancellationToken);
        await MigrateCommand.RunAsync(config, NullLogger.Instance, TestContext.Current.CancellationToken);

        var admin = AdminSources.For(postgres.Admin(database));
        await using var command = admin.CreateCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"");
        // Each migration the app defines, recorded exactly once.
        var defined = typeof(TenantSite.Data.AppDbContext).Assembly.GetTypes()
            .Count(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false).Length > 0);
        Assert.Equal((long)defined, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateAMissingRuntimeRoleWithoutPrivileges()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();
        var role = $"rt_{Guid.NewGuid():N}"[..20];
        var runtime = new NpgsqlConnectionStringBuilder(postgres.Runtime(database)) { Username = role, Password = "s3cret'quote" };

        await MigrateCommand.RunAsync(Config(postgres.Owner(database), runtime.ConnectionString), NullLogger.Instance,
            TestContext.Current.CancellationToken);

        var admin = AdminSources.For(postgres.Admin(database));
        await using var connection = await admin.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var flags = await Sql.ReadAsync(connection, "SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = $1", role);
        Assert.Equal(new object?[] { true, false, false, false }, flags.Single());
    }

    // An earlier migrate let the runtime role add audit events; now only the triggers write them.
    [Fact]
    public async Task WithdrawWhatAnEarlierMigrateGranted()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var owner = NpgsqlDataSource.Create(postgres.Owner(database));
        await PostgresServer.Exec(owner, $"GRANT INSERT, UPDATE ON audit_events TO {PostgresServer.RuntimeRole}");

        await MigrateCommand.RunAsync(Config(postgres.Owner(database), postgres.Runtime(database)), NullLogger.Instance,
            TestContext.Current.CancellationToken);

        var privileges = await Sql.QueryWithoutTenantAsync(owner,
            "SELECT has_table_privilege($1, 'audit_events', 'INSERT'), has_table_privilege($1, 'audit_events', 'UPDATE'), " +
            "has_table_privilege($1, 'audit_events', 'SELECT')", PostgresServer.RuntimeRole);
        Assert.Equal(new object?[] { false, false, true }, privileges.Single());
    }

    [Fact]
    public async Task RefuseARuntimeRoleThatBypassesRowLevelSecurity()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();
        var config = Config(postgres.Owner(database), postgres.Admin(database)); // the superuser as "runtime" role

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            MigrateCommand.RunAsync(config, NullLogger.Instance, TestContext.Current.CancellationToken));
        Assert.Contains("must have none of them", error.Message);
    }
}
