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
public sealed class UpgradeInPlaceShould(PostgresServer postgres)
{
    private const string LastHandWritten = "20261122000300_KeepOneOwner";
    private const string KeepUserProfile = "20261128073115_KeepUserProfileWhenClaimsAreMissing";
    private const string AppOwnedSessions = "20261207210000_AppOwnedSessions";
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
        var columns = await ColumnsAsync(admin);
        var before = await DumpAsync(admin, columns);
        Assert.Equal(13, before.Count); // 2 organizations, 2 users, 3 memberships, 2 projects, 4 tasks
        Assert.Equal((await AllMigrationsAsync()).Where(Newer), await PendingAsync(admin));

        await MigrateCommand.RunAsync(Config(database), NullLogger.Instance, ct);

        Assert.Empty(await PendingAsync(admin));
        Assert.Equal(await AllMigrationsAsync(), await AppliedAsync(admin));
        Assert.Equal(before, await DumpAsync(admin, columns));
        // Nobody knows whether the provider vouched for an email stored before the column: not until the next sign-in.
        Assert.All(await QueryAsync(admin, "SELECT email_verified FROM users"), r => Assert.Equal(false, r[0]));
        await using var runtime = new ScopedContext(postgres.Runtime(database), null, null);
        Assert.Equal(alice, await runtime.Db.UpsertUserAsync("test", "alice", null, null, emailVerified: true, ct));
        Assert.Equal(["alice@example.com", "Alice Liddell"], await ProfileAsync(admin, alice));
    }

    // EF's migrator alone, without migrate's grants step: CREATE OR REPLACE (KeepUserProfileWhenClaimsAreMissing) must
    // keep the function's grants, down and up. Invitations later replaced the function with one more argument.
    [Fact]
    public async Task SwapTheFourArgumentUpsertFunctionBothWaysKeepingItsGrantsAndSecurity()
    {
        var database = await postgres.CreateEmptyDatabaseAsync();
        var admin = postgres.Admin(database);
        var owner = postgres.Owner(database);
        await MigrateToAsync(owner, KeepUserProfile);
        await QueryAsync(owner, $"GRANT USAGE ON SCHEMA public TO {PostgresServer.RuntimeRole}; " +
            $"GRANT EXECUTE ON FUNCTION tenantsite_upsert_user(text, text, text, text) TO {PostgresServer.RuntimeRole}");
        var alice = await TestOrganizations.CreateUserAsync(admin, "alice", "Alice Liddell");
        var upsertFunction = await QueryAsync(admin, UpsertFunction);

        await MigrateToAsync(owner, LastHandWritten);
        await UpsertWithFourArgumentsAsync(database, "alice", null, null);
        Assert.Equal([null, null], await ProfileAsync(admin, alice)); // the old function erased them

        await UpsertWithFourArgumentsAsync(database, "alice", "alice@example.com", "Alice Liddell");
        await MigrateToAsync(owner, KeepUserProfile);
        await UpsertWithFourArgumentsAsync(database, "alice", null, null);
        Assert.Equal(["alice@example.com", "Alice Liddell"], await ProfileAsync(admin, alice));
        Assert.Equal(upsertFunction, await QueryAsync(admin, UpsertFunction));
    }

    // Later migrations replace functions (a new signature) or drop them: going down restores each as it was (owner,
    // SECURITY DEFINER, search_path), coming up again gives the same functions, and migrate grants the runtime role
    // what the schema it finds has.
    [Fact]
    public async Task RestoreEveryFunctionAsItWasDownAndUp()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.CreateDatabaseAsync();
        var admin = postgres.Admin(database);
        var owner = postgres.Owner(database);
        var latest = await QueryAsync(admin, Functions);

        await MigrateToAsync(owner, KeepUserProfile);
        var before = await QueryAsync(admin, Functions);
        Assert.Equal(["tenantsite_create_organization(text,text)", "tenantsite_current_org_id()", "tenantsite_current_user_id()",
            "tenantsite_find_user_by_email(text)", "tenantsite_keep_one_owner()", "tenantsite_resolve_organization(text)",
            "tenantsite_upsert_user(text,text,text,text)"], before.Select(f => (string)f[0]!));
        var createOrganization = before.Single(f => (string)f[0]! == "tenantsite_create_organization(text,text)");
        Assert.All(before.Where(f => (bool)f[2]!), f => Assert.Equal(createOrganization[1..], f[1..]));

        await MigrateToAsync(owner, null);
        Assert.Equal(latest, await QueryAsync(admin, Functions));
        await using (var source = NpgsqlDataSource.Create(owner)) await RuntimeRole.EnsureAsync(source, PostgresServer.RuntimeRole, null, ct);
        await using var runtime = new ScopedContext(postgres.Runtime(database), null, null);
        await runtime.Db.UpsertUserAsync("test", "alice", "alice@example.com", "Alice", emailVerified: true, ct);
    }

    // AnswerInvitationsInOneFunction changed function bodies only: its Down must give back, line for line, the schema
    // that migrating up to its predecessor makes, and going up again the schema of today.
    [Fact]
    public async Task UndoTheSharedInvitationAnswerToTheDoorsAsTheyWere()
    {
        var ct = TestContext.Current.CancellationToken;
        var admin = postgres.Admin("postgres");
        var (undone, neverDone) = (await postgres.CreateDatabaseAsync(), await postgres.CreateEmptyDatabaseAsync());
        var today = await SchemaDump.DumpAsync(admin, undone);
        await MigrateToAsync(postgres.Owner(neverDone), AppOwnedSessions);
        await using (var owner = NpgsqlDataSource.Create(postgres.Owner(neverDone)))
            await RuntimeRole.EnsureAsync(owner, PostgresServer.RuntimeRole, null, ct);

        await MigrateToAsync(postgres.Owner(undone), AppOwnedSessions);

        var before = await SchemaDump.DumpAsync(admin, neverDone);
        var after = await SchemaDump.DumpAsync(admin, undone);
        Assert.True(before == after, UnifiedDiff.Of(before, after, "migrated up to AppOwnedSessions", "migrated down to it"));
        // Up again as `migrate` goes: the migrations, then the runtime role's grants (a table made again has none).
        await MigrateToAsync(postgres.Owner(undone), null);
        await using (var owner = NpgsqlDataSource.Create(postgres.Owner(undone)))
            await RuntimeRole.EnsureAsync(owner, PostgresServer.RuntimeRole, null, ct);
        var again = await SchemaDump.DumpAsync(admin, undone);
        Assert.True(today == again, UnifiedDiff.Of(today, again, "migrated", "migrated down and up again"));
    }

    // Owner, SECURITY DEFINER, fixed search_path and privileges of tenantsite_upsert_user.
    private const string UpsertFunction = """
        SELECT pg_get_userbyid(proowner), prosecdef, proconfig::text, proacl::text FROM pg_proc
        WHERE proname = 'tenantsite_upsert_user'
        """;

    // Every function of ours: signature, owner, SECURITY DEFINER, settings.
    private const string Functions = """
        SELECT replace(oid::regprocedure::text, ' ', ''), pg_get_userbyid(proowner), prosecdef, proconfig::text FROM pg_proc
        WHERE pronamespace = 'public'::regnamespace AND proname LIKE 'tenantsite\_%' ORDER BY 1
        """;

    private async Task UpsertWithFourArgumentsAsync(string database, string subject, string? email, string? name)
    {
        await using var runtime = NpgsqlDataSource.Create(postgres.Runtime(database));
        await Sql.QueryWithoutTenantAsync(runtime, "SELECT tenantsite_upsert_user('test', $1, $2::text, $3::text)",
            subject, (object?)email ?? DBNull.Value, (object?)name ?? DBNull.Value);
    }

    // As the owner role, which migrate connects as.
    private static async Task MigrateToAsync(string ownerConnection, string? target)
    {
        await using var owner = new ScopedContext(ownerConnection, null, null);
        await owner.Db.GetService<IMigrator>().MigrateAsync(target, TestContext.Current.CancellationToken);
    }

    private static async Task<object?[]> ProfileAsync(string admin, Guid user) =>
        (await QueryAsync(admin, "SELECT email, name FROM users WHERE id = $1", user)).Single();

    // What `migrate` did before dotnet-ef: the hand-written migrations, then the runtime role's grants of that time.
    private async Task MigrateAsBeforeAsync(string database)
    {
        await MigrateToAsync(postgres.Owner(database), LastHandWritten);
        var role = PostgresServer.RuntimeRole;
        await QueryAsync(postgres.Owner(database), $"""
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, UPDATE, DELETE ON organizations TO {role};
            GRANT SELECT ON users TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON organization_members, projects, tasks TO {role};
            GRANT EXECUTE ON FUNCTION tenantsite_resolve_organization(text), tenantsite_upsert_user(text, text, text, text),
                tenantsite_create_organization(text, text), tenantsite_find_user_by_email(text) TO {role};
            """);
    }

    private IConfiguration Config(string database) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:TenantSiteAdmin"] = postgres.Owner(database),
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

    // The columns each table has now, to compare the same ones after later migrations add others.
    private static async Task<Dictionary<string, string>> ColumnsAsync(string admin)
    {
        var columns = new Dictionary<string, string>();
        foreach (var table in Tables)
            columns[table] = (string)(await QueryAsync(admin, "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) " +
                "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1", table)).Single()[0]!;
        return columns;
    }

    // Every row of every table as text, in a stable order (read as the superuser, whom RLS does not bind).
    private static async Task<List<string>> DumpAsync(string admin, Dictionary<string, string> columns)
    {
        var dump = new List<string>();
        foreach (var table in Tables)
            dump.AddRange((await QueryAsync(admin, $"SELECT ROW({columns[table]})::text FROM {table} ORDER BY 1")).Select(r => $"{table} {r[0]}"));
        return dump;
    }

    private static async Task<List<object?[]>> QueryAsync(string admin, string sql, params object[] args)
    {
        var source = AdminSources.For(admin);
        return await Sql.QueryWithoutTenantAsync(source, sql, args);
    }
}
