using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TenantSite.Cli;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// A database that the hand-written migrations built (up to KeepOneOwner, the last one before dotnet-ef) is brought
/// up to date by <c>migrate</c> in place: every later migration applied, every row kept, the new behaviour in force.
/// </summary>
public sealed class UpgradeInPlaceTests(PostgresServer postgres)
{
    private const string LastHandWritten = "20261122000300_KeepOneOwner";
    private static readonly string[] Tables = ["organizations", "users", "organization_members", "projects", "tasks"];

    [Fact]
    public async Task BringADatabaseAtKeepOneOwnerUpToDateKeepingEveryRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateEmptyDatabaseAsync();
        var admin = postgres.Admin(database);
        await MigrateAsBeforeAsync(database);
        var alice = await TestOrganizations.CreateUserAsync(admin, "alice", "Alice Liddell");
        var bob = await TestOrganizations.CreateUserAsync(admin, "bob", "Bob Builder");
        var acme = await TestOrganizations.CreateAsync(admin, "acme", (alice, Roles.Owner), (bob, Roles.Member));
        var globex = await TestOrganizations.CreateAsync(admin, "globex", (bob, Roles.Owner));
        await TestOrganizations.CreateProjectAsync(admin, acme, "Launch", ["Plan", "Build", "Ship"], done: 1);
        await TestOrganizations.CreateProjectAsync(admin, globex, "Hammocks", ["Weave"]);
        var before = await DumpAsync(admin);
        Assert.Equal(13, before.Count); // 2 organizations, 2 users, 3 memberships, 2 projects, 4 tasks
        Assert.Equal((await AllMigrationsAsync()).Where(Newer), await PendingAsync(admin));

        await MigrateCommand.RunAsync(Config(database), NullLogger.Instance, ct);

        Assert.Empty(await PendingAsync(admin));
        Assert.Equal(await AllMigrationsAsync(), await AppliedAsync(admin));
        Assert.Equal(before, await DumpAsync(admin));
        await using var runtime = new ScopedContext(postgres.Runtime(database), null, null);
        Assert.Equal(alice, await runtime.Db.UpsertUserAsync("test", "alice", null, null, ct));
        Assert.Equal(["alice@example.com", "Alice Liddell"], await ProfileAsync(admin, alice));
    }

    [Fact]
    public async Task SwapTheUpsertFunctionBothWaysKeepingItsGrantsAndSecurity()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        var admin = postgres.Admin(database);
        var alice = await TestOrganizations.CreateUserAsync(admin, "alice", "Alice Liddell");
        await using var runtime = new ScopedContext(postgres.Runtime(database), null, null);
        var upsertFunction = await QueryAsync(admin, UpsertFunction);

        // EF's migrator alone, without migrate's grants step: CREATE OR REPLACE must keep them, down and up.
        await MigrateToAsync(admin, LastHandWritten);
        await runtime.Db.UpsertUserAsync("test", "alice", null, null, ct);
        Assert.Equal([null, null], await ProfileAsync(admin, alice)); // the old function erased them

        await runtime.Db.UpsertUserAsync("test", "alice", "alice@example.com", "Alice Liddell", ct);
        await MigrateToAsync(admin, null);
        await runtime.Db.UpsertUserAsync("test", "alice", null, null, ct);
        Assert.Equal(["alice@example.com", "Alice Liddell"], await ProfileAsync(admin, alice));
        Assert.Equal(upsertFunction, await QueryAsync(admin, UpsertFunction));
    }

    // Owner, SECURITY DEFINER, fixed search_path and privileges of tenantsite_upsert_user.
    private const string UpsertFunction = """
        SELECT pg_get_userbyid(proowner), prosecdef, proconfig::text, proacl::text FROM pg_proc
        WHERE proname = 'tenantsite_upsert_user'
        """;

    private static async Task MigrateToAsync(string admin, string? target)
    {
        await using var owner = new ScopedContext(admin, null, null);
        await owner.Db.GetService<IMigrator>().MigrateAsync(target, TestContext.Current.CancellationToken);
    }

    private static async Task<object?[]> ProfileAsync(string admin, Guid user) =>
        (await QueryAsync(admin, "SELECT email, name FROM users WHERE id = $1", user)).Single();

    // What `migrate` did before dotnet-ef: the hand-written migrations, then the runtime role and its grants.
    private async Task MigrateAsBeforeAsync(string database)
    {
        var ct = TestContext.Current.CancellationToken;
        await MigrateToAsync(postgres.Admin(database), LastHandWritten);
        await using var source = NpgsqlDataSource.Create(postgres.Admin(database));
        await RuntimeRole.EnsureAsync(source, PostgresServer.RuntimeRole, null, ct);
    }

    private IConfiguration Config(string database) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:TenantSiteAdmin"] = postgres.Admin(database),
        ["ConnectionStrings:TenantSite"] = postgres.Runtime(database),
    }).Build();

    private static bool Newer(string migration) => string.CompareOrdinal(migration, LastHandWritten) > 0;

    private async Task<List<string>> AllMigrationsAsync()
    {
        await using var owner = new ScopedContext(postgres.Admin("postgres"), null, null);
        return owner.Db.Database.GetMigrations().ToList();
    }

    private static async Task<List<string>> PendingAsync(string admin)
    {
        await using var owner = new ScopedContext(admin, null, null);
        return (await owner.Db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken)).ToList();
    }

    private static async Task<List<string>> AppliedAsync(string admin) =>
        (await QueryAsync(admin, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1")).Select(r => (string)r[0]!).ToList();

    // Every row of every table as text, in a stable order (read as the superuser, whom RLS does not bind).
    private static async Task<List<string>> DumpAsync(string admin)
    {
        var dump = new List<string>();
        foreach (var table in Tables)
            dump.AddRange((await QueryAsync(admin, $"SELECT t::text FROM {table} t ORDER BY 1")).Select(r => $"{table} {r[0]}"));
        return dump;
    }

    private static async Task<List<object?[]>> QueryAsync(string admin, string sql, params object[] args)
    {
        await using var source = NpgsqlDataSource.Create(admin);
        return await Sql.QueryWithoutTenantAsync(source, sql, args);
    }
}
