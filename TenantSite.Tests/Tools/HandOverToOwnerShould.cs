using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TenantSite.Auth;
using TenantSite.Cli;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Invitations;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Tools;

/// <summary>
/// tools/postgres/hand-over-to-owner.sql (run.sh runs it; the README's upgrade step): a database that <c>migrate</c>
/// built as the superuser, as it once did, is handed to the owner role, which then migrates it and whose definer
/// functions still read across tenants where they must.
/// </summary>
public sealed class HandOverToOwnerShould(PostgresServer postgres)
{
    private static readonly string Script = File.ReadAllText(Path.Combine(DevIdp.RepositoryRoot(), "tools", "postgres", "hand-over-to-owner.sql"));

    // Owners of everything in public, and the roles of every policy that is not for everyone.
    private const string Ownership = """
        SELECT 'table ' || relname || ' ' || pg_get_userbyid(relowner) FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S')
        UNION ALL SELECT 'function ' || oid::regprocedure || ' ' || pg_get_userbyid(proowner) FROM pg_proc
        WHERE pronamespace = 'public'::regnamespace
        UNION ALL SELECT 'policy ' || polname || ' ' || array_to_string(ARRAY(SELECT pg_get_userbyid(r) FROM unnest(polroles) r), ',')
        FROM pg_policy WHERE polroles <> '{0}'
        ORDER BY 1
        """;

    [Fact]
    public async Task GiveTheOwnerRoleADatabaseTheSuperuserMigrated()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = $"handover_{Guid.NewGuid():N}"[..24];
        await using (var server = NpgsqlDataSource.Create(postgres.Admin("postgres")))
            await PostgresServer.Exec(server, $"CREATE DATABASE {database}");
        var admin = postgres.Admin(database);
        // As migrate did before: the migrations and the grants, as the superuser. (All of them: the grants are today's,
        // and name what the latest migrations create.)
        List<string> migrations;
        await using (var superuser = new ScopedContext(admin, null, null))
        {
            migrations = superuser.Db.Database.GetMigrations().ToList();
            await superuser.Db.GetService<IMigrator>().MigrateAsync(migrations[^1], ct);
        }
        await using (var source = NpgsqlDataSource.Create(admin)) await RuntimeRole.EnsureAsync(source, PostgresServer.RuntimeRole, null, ct);
        var owner = await TestOrganizations.CreateUserAsync(admin, "handover-owner");
        var org = await TestOrganizations.CreateAsync(admin, TestOrganizations.NewSlug("handover"), (owner, Roles.Owner));
        var (_, token) = await TestOrganizations.CreateInvitationLinkAsync(admin, org, "invitee@example.com", Roles.Member, owner);
        var (key, _) = await TestOrganizations.CreateApiKeyAsync(admin, org, Roles.Member);

        await QueryAsync(admin, $"ALTER DATABASE {database} OWNER TO {PostgresServer.OwnerRole}");
        await QueryAsync(admin, Script);
        await MigrateCommand.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TenantSiteAdmin"] = postgres.Owner(database),
            ["ConnectionStrings:TenantSite"] = postgres.Runtime(database),
        }).Build(), NullLogger.Instance, ct);

        Assert.Equal(migrations, (await QueryAsync(admin, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY 1")).Select(r => (string)r[0]!));
        var owners = await QueryAsync(admin, Ownership);
        Assert.All(owners, o => Assert.EndsWith(" " + PostgresServer.OwnerRole, (string)o[0]!));
        Assert.Contains(owners, o => (string)o[0]! == $"policy invitation_link {PostgresServer.OwnerRole}");
        // The definer functions, now the owner's and bound by FORCE, still find an invitation and a key across tenants
        // through the owner-only policies, and the audit trigger still writes.
        await using (var runtime = new ScopedContext(postgres.Runtime(database), null, null))
            Assert.Equal("open", (await runtime.Db.InvitationLinkAsync(InvitationToken.Hash(token)!, ct))?.State);
        Assert.True(ApiKeySecret.TryParse(key, out var prefix));
        await using var runtimeSource = NpgsqlDataSource.Create(postgres.Runtime(database));
        Assert.Single(await Sql.QueryWithoutTenantAsync(runtimeSource, "SELECT key_id FROM tenantsite_authenticate_api_key($1, $2)",
            prefix, ApiKeySecret.Hash(key)));
        await Sql.QueryAsync(runtimeSource, org, owner, "INSERT INTO projects (organization_id, name) VALUES ($1, 'After the hand-over')", org);
        Assert.Single(await QueryAsync(admin, "SELECT 1 FROM audit_events WHERE target_label = 'After the hand-over'"));

        // Once more: nothing left to change.
        await QueryAsync(admin, Script);
        Assert.Equal(owners, await QueryAsync(admin, Ownership));
    }

    [Fact]
    public async Task RefuseADatabaseASuperuserOwns()
    {
        var database = $"handover_{Guid.NewGuid():N}"[..24];
        await using (var server = NpgsqlDataSource.Create(postgres.Admin("postgres")))
            await PostgresServer.Exec(server, $"CREATE DATABASE {database}");

        var error = await Assert.ThrowsAsync<PostgresException>(() => QueryAsync(postgres.Admin(database), Script));
        Assert.Contains("which RLS does not bind: make the owner role own it first", error.MessageText);
    }

    private static async Task<List<object?[]>> QueryAsync(string connectionString, string sql, params object[] args)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        return await Sql.QueryWithoutTenantAsync(source, sql, args);
    }
}
