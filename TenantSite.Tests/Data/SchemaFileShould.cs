using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// <c>TenantSite/Data/schema.sql</c> is the schema the migrations make: a copy of the run's freshly migrated template,
/// dumped as <see cref="SchemaDump"/> does, is the committed file line for line. A migration committed without the
/// regenerated file fails here with the diff and the command that fixes it.
/// </summary>
public sealed class SchemaFileShould(PostgresServer postgres)
{
    [Fact]
    public async Task MatchTheSchemaTheMigrationsMake()
    {
        var fresh = await DumpAsync(await postgres.CreateDatabaseAsync());
        if (Environment.GetEnvironmentVariable(SchemaDump.WriteVariable) == "1")
        {
            await File.WriteAllTextAsync(SchemaDump.FilePath, fresh, TestContext.Current.CancellationToken);
            return;
        }
        var committed = await CommittedAsync();
        SkipUnlessDumpedByTheSameVersions(committed, fresh);

        Assert.True(committed == fresh, Drift(committed, fresh));
    }

    // What a migration that changed a function without regenerating the file meets: the change, as a diff, and the command.
    [Fact]
    public async Task ShowAFunctionChangedByNoRegeneratedFileAsADiff()
    {
        var database = await postgres.CreateDatabaseAsync();
        var before = await DumpAsync(database);
        await using (var admin = NpgsqlDataSource.Create(postgres.Admin(database)))
        {
            var definition = (string)(await Sql.QueryWithoutTenantAsync(admin,
                "SELECT pg_get_functiondef('tenantsite_resolve_organization(text)'::regprocedure)")).Single()[0]!;
            await PostgresServer.Exec(admin, definition.Replace("AS $function$", "AS $function$\n-- a change no migration made\n",
                StringComparison.Ordinal));
        }

        var message = Drift(before, await DumpAsync(database));

        Assert.Contains($"--- {SchemaDump.RelativePath} (committed)\n+++ a freshly migrated database\n@@ ", message);
        Assert.Contains("\n+-- a change no migration made\n", message);
        Assert.Contains(SchemaDump.RegenerateCommand, message);
    }

    private static string Drift(string committed, string fresh) =>
        $"{SchemaDump.RelativePath} is not the schema the migrations make. If a migration changed it on purpose, run " +
        $"{SchemaDump.RegenerateCommand} and commit the file with the migration; otherwise a migration changed what it " +
        "should not. What changed:\n" +
        UnifiedDiff.Of(committed, fresh, $"{SchemaDump.RelativePath} (committed)", "a freshly migrated database");

    private async Task<string> DumpAsync(string database)
    {
        try
        {
            return await SchemaDump.DumpAsync(postgres.Admin("postgres"), database);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("version mismatch", StringComparison.Ordinal))
        {
            // An older pg_dump than the server (TENANTSITE_TEST_PG): it refuses, and nothing here can dump it.
            Assert.Skip(e.Message);
            throw;
        }
    }

    private static async Task<string> CommittedAsync()
    {
        Assert.True(File.Exists(SchemaDump.FilePath), $"{SchemaDump.RelativePath} is missing: run {SchemaDump.RegenerateCommand} and commit it.");
        return (await File.ReadAllTextAsync(SchemaDump.FilePath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");
    }

    // pg_dump's text differs between major versions for the same schema: the file is compared on the versions it names.
    private static void SkipUnlessDumpedByTheSameVersions(string committed, string fresh)
    {
        var (made, now) = (SchemaDump.Versions(committed), SchemaDump.Versions(fresh));
        if (made.Length > 0 && made != now)
            Assert.Skip($"{SchemaDump.RelativePath} was dumped with PostgreSQL/pg_dump {made}, this run has {now}: compare on {made}.");
    }
}
