using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The first migrations are raw SQL (migrationBuilder.Sql), which the model snapshot knows nothing about: the snapshot
/// check (<see cref="ModelSnapshotShould"/>) proves only that the snapshot matches the model. This proves the SQL does:
/// it compares the schema the migrations build with the one EF Core builds from the model (EnsureCreated), column by
/// column, constraint by constraint, index by index.
/// </summary>
public sealed class SchemaMatchesModelShould(PostgresServer postgres)
{
    private const string Columns = """
        SELECT table_name || '.' || column_name || ' ' || data_type || CASE is_nullable WHEN 'YES' THEN ' null' ELSE ' not null' END
               || coalesce(' default ' || column_default, '')
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
        """;
    // contype 't' (constraint triggers, e.g. "keep one owner") is behaviour the EF model cannot describe.
    private const string Constraints = """
        SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '"__EFMigrationsHistory"'
          AND contype <> 't'
        """;
    private const string Indexes = """
        SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
        """;

    [Theory]
    [InlineData(Columns)]
    [InlineData(Constraints)]
    [InlineData(Indexes)]
    public async Task BuildTheSameSchemaFromMigrationsAsFromTheModel(string catalogQuery)
    {
        var migrated = await postgres.CreateDatabaseAsync();
        var fromModel = await postgres.CreateEmptyDatabaseAsync();
        await using (var model = new ScopedContext(postgres.Admin(fromModel), null, null))
            await model.Db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(await Describe(postgres.Admin(fromModel), catalogQuery), await Describe(postgres.Admin(migrated), catalogQuery));
    }

    private static async Task<List<string>> Describe(string connectionString, string query)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        var rows = await Sql.ReadAsync(connection, query);
        return rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToList();
    }
}
