using Npgsql;
using TenantSite.Data.Migrations;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// TenantPolicies, the row-level security a new migration gives a tenant table: what it makes passes the lint and keeps
/// each tenant's rows to that tenant, for the owner too; <see cref="TenantPolicies.Disable"/> undoes it.
/// </summary>
public sealed class TenantPoliciesShould(PostgresServer postgres) : IAsyncLifetime
{
    private const string Table = "labels";
    private string _database = "";

    // As a migration would: the owner creates the table and its grant, then the policies.
    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        await ExecAsync(postgres.Owner(_database), $"""
            CREATE TABLE {Table} (organization_id uuid NOT NULL, name text NOT NULL);
            GRANT SELECT, INSERT, UPDATE, DELETE ON {Table} TO {PostgresServer.RuntimeRole};
            {TenantPolicies.Enable(Table)}
            """);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task GiveANewTableAllTheLintAsksOfATenantTable()
    {
        var report = await RowLevelSecurityLint.CheckAsync(postgres.Admin(_database), PostgresServer.RuntimeRole);

        Assert.Contains(Table, report.TenantTables);
        Assert.True(report.Violations.Count == 0, string.Join("\n", report.Violations));
    }

    [Fact]
    public async Task KeepEachTenantsRowsToThatTenantForTheOwnerToo()
    {
        var (acme, globex) = (Guid.NewGuid(), Guid.NewGuid());
        await using var runtime = NpgsqlDataSource.Create(postgres.Runtime(_database));
        await using var owner = NpgsqlDataSource.Create(postgres.Owner(_database));
        await Sql.QueryAsync(runtime, acme, null, $"INSERT INTO {Table} VALUES ($1, 'acme''s')", acme);
        await Sql.QueryAsync(runtime, globex, null, $"INSERT INTO {Table} VALUES ($1, 'globex''s')", globex);

        var intoAnother = await Assert.ThrowsAsync<PostgresException>(() =>
            Sql.QueryAsync(runtime, acme, null, $"INSERT INTO {Table} VALUES ($1, 'planted')", globex));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, intoAnother.SqlState);
        Assert.Empty(await Sql.QueryAsync(runtime, acme, null, $"UPDATE {Table} SET name = 'moved' WHERE organization_id = $1 RETURNING name", globex));
        Assert.Equal(["acme's"], (await Sql.QueryAsync(runtime, acme, null, $"SELECT name FROM {Table}")).Select(r => r[0]));
        Assert.Equal(["globex's"], (await Sql.QueryAsync(owner, globex, null, $"SELECT name FROM {Table}")).Select(r => r[0]));
        Assert.Empty(await Sql.QueryWithoutTenantAsync(runtime, $"SELECT name FROM {Table}"));
        Assert.Empty(await Sql.QueryWithoutTenantAsync(owner, $"SELECT name FROM {Table}"));
    }

    [Fact]
    public async Task BeUndoneByDisable()
    {
        await ExecAsync(postgres.Owner(_database), TenantPolicies.Disable(Table));

        var report = await RowLevelSecurityLint.CheckAsync(postgres.Admin(_database), PostgresServer.RuntimeRole);
        Assert.Equal(
        [
            $"{Table}: has no policy",
            $"{Table}: row-level security is not enabled",
            $"{Table}: row-level security is not forced (its owner would bypass it)",
            $"{Table}: {PostgresServer.RuntimeRole} may use it without row-level security, and it is not listed as belonging to no tenant",
        ], report.Violations.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Labels")]
    [InlineData("labels; DROP TABLE users")]
    [InlineData("public.labels")]
    [InlineData("")]
    public void RefuseWhatIsNotAPlainTableName(string name)
    {
        Assert.Throws<ArgumentException>(() => TenantPolicies.Enable(name));
        Assert.Throws<ArgumentException>(() => TenantPolicies.Disable(name));
    }

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await PostgresServer.Exec(source, sql);
    }
}
