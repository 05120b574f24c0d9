using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The tenant hand-over through PgBouncer in transaction mode (1.18, Debian's): each transaction of a client may run on
/// any of the pool's few server connections, which take turns serving every tenant.
/// </summary>
public sealed class TransactionPoolingShould(PgBouncerAppFactory app) : IClassFixture<PgBouncerAppFactory>
{
    private const int Clients = 16;

    [Fact]
    public async Task ShareAFewServerConnectionsAmongManyClients()
    {
        await using var source = NpgsqlDataSource.Create(app.RuntimeConnectionString(maxPoolSize: Clients));
        var connections = new List<NpgsqlConnection>();
        try
        {
            // All open at once: sixteen client connections, each asking which server session answers it.
            for (var i = 0; i < Clients; i++) connections.Add(await source.OpenConnectionAsync(TestContext.Current.CancellationToken));
            var pids = new ConcurrentBag<int>();
            await Parallel.ForEachAsync(connections, async (connection, ct) =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
                    pids.Add((int)(await command.ExecuteScalarAsync(ct))!);
                }
            });

            Assert.InRange(pids.Distinct().Count(), 1, PgBouncer.PoolSize);
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    // The app's own hand-over (the interceptor's set_config(..., true) in the command's batch), acme's, globex's and no
    // tenant's transactions interleaved on the same server sessions: each sees exactly its own settings and rows. With
    // Npgsql's reset on close (a DISCARD ALL before the next use, on whichever server connection the pooler picks) or
    // without it: the hand-over does not depend on it.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NeverCarryOneClientsTenantIntoAnotherClientsTransaction(bool noResetOnClose)
    {
        var connection = new NpgsqlConnectionStringBuilder(app.RuntimeConnectionString(maxPoolSize: Clients)) { NoResetOnClose = noResetOnClose };
        await using var source = DataExtensions.CreateRuntimeDataSource(connection.ConnectionString);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseTenantSite(source, new TenantCommandInterceptor()).Options;
        (Guid? Org, Guid? User)[] kinds = [(app.Demo.Acme, app.Demo.Alice), (app.Demo.Globex, app.Demo.Carol), (null, null)];
        var failures = new ConcurrentBag<string>();
        var kindsPerServer = new ConcurrentDictionary<string, ConcurrentDictionary<int, byte>>();

        await Parallel.ForAsync(0, Clients * 40, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (i, ct) =>
        {
            var (org, user) = kinds[i % kinds.Length];
            var scope = new DataScope();
            if (user is { } u) scope.SetUser(u);
            if (org is { } o) scope.EnterOrganization(o);
            await using var db = new AppDbContext(options) { Scope = scope };
            var seen = (await db.Database.SqlQuery<string>($"""
                SELECT coalesce(current_setting('app.current_org_id', true), '') || '|'
                    || coalesce(current_setting('app.current_user_id', true), '') || '|'
                    || coalesce((SELECT string_agg(DISTINCT organization_id::text, ',') FROM projects), '') || '|'
                    || pg_backend_pid() AS "Value"
                """).ToListAsync(ct)).Single().Split('|');
            var expected = $"{org}|{user}|{org}";
            if (string.Join('|', seen[..3]) != expected) failures.Add($"expected {expected}, saw {string.Join('|', seen)}");
            kindsPerServer.GetOrAdd(seen[3], _ => new()).TryAdd(i % kinds.Length, 0);
        });

        Assert.Empty(failures);
        Assert.InRange(kindsPerServer.Count, 1, PgBouncer.PoolSize);
        Assert.Contains(kindsPerServer.Values, served => served.Count == kinds.Length); // tenants really took turns
    }

    // Why the hand-over must be transaction-local: a session-level setting stays on the server connection, and the
    // pooler gives that connection to the next client. (A database of its own: its server sessions are spoiled.)
    [Fact]
    public async Task PassASessionLevelSettingOnToTheNextClient()
    {
        var bouncer = await app.Postgres.PgBouncerAsync();
        var database = await app.Postgres.CreateDatabaseAsync();
        await using var first = NpgsqlDataSource.Create(bouncer.Through(app.Postgres.Runtime(database)));
        await using var second = NpgsqlDataSource.Create(bouncer.Through(app.Postgres.Runtime(database)));

        await Sql.QueryWithoutTenantAsync(first, "SELECT set_config('app.current_org_id', $1, false)", app.Demo.Acme.ToString());
        var seen = await Sql.QueryWithoutTenantAsync(second, "SELECT current_setting('app.current_org_id', true)");

        Assert.Equal(app.Demo.Acme.ToString(), seen.Single()[0]);
    }

    // PgBouncer before 1.21 does not track prepared statements: a statement Npgsql prepared on one server connection is
    // missing on the next (26000) or another client's is already there (42P05). Hence Max Auto Prepare=0 through it.
    [Fact]
    public async Task FailWithTheAppsDefaultAutoPreparationButNotWithMaxAutoPrepareZero()
    {
        var withDefault = new NpgsqlConnectionStringBuilder(app.RuntimeConnectionString(maxPoolSize: Clients));
        withDefault.Remove("Max Auto Prepare");
        await using var autoPrepared = DataExtensions.CreateRuntimeDataSource(withDefault.ConnectionString);
        await using var unprepared = DataExtensions.CreateRuntimeDataSource(app.RuntimeConnectionString(maxPoolSize: Clients));

        var broken = await ErrorsOfRepeatedQueriesAsync(autoPrepared);
        var fine = await ErrorsOfRepeatedQueriesAsync(unprepared);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join("\n", broken.GroupBy(e => e.MessageText).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.NotEmpty(broken);
        Assert.All(broken, e => Assert.Contains(e.SqlState,
            new[] { PostgresErrorCodes.InvalidSqlStatementName, PostgresErrorCodes.DuplicatePreparedStatement }));
        Assert.Empty(fine);
    }

    // Sixteen clients on three server connections: with auto-preparation, at least thirteen prepare where another
    // client already has.
    private static async Task<List<PostgresException>> ErrorsOfRepeatedQueriesAsync(NpgsqlDataSource source)
    {
        var errors = new ConcurrentBag<PostgresException>();
        await Parallel.ForAsync(0, Clients, new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (_, ct) =>
        {
            await using var connection = await source.OpenConnectionAsync(ct);
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await using var command = new NpgsqlCommand("SELECT count(*) FROM organizations", connection);
                    await command.ExecuteScalarAsync(ct);
                }
                catch (PostgresException e) { errors.Add(e); }
            }
        });
        return [.. errors];
    }
}
