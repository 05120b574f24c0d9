using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>The hand-over of the tenant to PostgreSQL through EF Core, as the runtime role.</summary>
// A host of its own: it writes to the demo organizations (acme, globex) or counts their rows, which classes on the shared app leave alone.
public sealed class TenantCommandInterceptorShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private ScopedContext Runtime(Guid? org) => new(app.Postgres.Runtime(app.Database), org, app.Demo.Alice);

    [Fact]
    public async Task LetRlsIsolateWhenTheQueryFiltersAreBypassed()
    {
        await using var acme = Runtime(app.Demo.Acme);
        var projects = await acme.Db.Projects.IgnoreQueryFilters().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, projects.Count);
        Assert.All(projects, p => Assert.Equal(app.Demo.Acme, p.OrganizationId));

        var raw = await acme.Db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM projects").ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(3, raw.Count);
    }

    [Fact]
    public async Task ReportRowsAffectedOfTheCommandNotOfTheHandOver()
    {
        await using var acme = Runtime(app.Demo.Acme);
        var touched = await acme.Db.Tasks.IgnoreQueryFilters()
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        Assert.Equal(5, touched); // acme's tasks only: RLS hid globex's
    }

    [Fact]
    public async Task ReturnTheCommandsOwnScalar()
    {
        await using var acme = Runtime(app.Demo.Acme);
        var db = acme.Db;
        var command = db.GetService<IRawSqlCommandBuilder>().Build("SELECT count(*) FROM projects");
        var parameters = new RelationalCommandParameterObject(db.GetService<IRelationalConnection>(), null, null, db,
            db.GetService<IRelationalCommandDiagnosticsLogger>());

        Assert.Equal(3L, await command.ExecuteScalarAsync(parameters, TestContext.Current.CancellationToken));
        Assert.Equal(3L, command.ExecuteScalar(parameters));
    }

    // The hand-over's text must not vary with the tenant: with the ids as literals, every organization and user would
    // be a statement of its own, and Npgsql's automatic preparation (and PostgreSQL's plan reuse) would never catch up.
    [Fact]
    public async Task PrepareOneHandOverForEveryTenant()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(app.Postgres.Runtime(app.Database, maxPoolSize: 1))
        {
            MaxAutoPrepare = 10,
            AutoPrepareMinUsages = 2,
        };
        await using var source = Npgsql.NpgsqlDataSource.Create(connection.ConnectionString);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseTenantSite(source, new TenantCommandInterceptor()).Options;

        foreach (var (organization, user) in new[] { (app.Demo.Acme, app.Demo.Alice), (app.Demo.Globex, app.Demo.Carol) })
        {
            var scope = new DataScope();
            scope.SetUser(user);
            scope.EnterOrganization(organization);
            for (var i = 0; i < 3; i++)
            {
                await using var db = new AppDbContext(options) { Scope = scope };
                Assert.NotEmpty(await db.Projects.ToListAsync(TestContext.Current.CancellationToken));
            }
        }

        await using var check = await source.OpenConnectionAsync(TestContext.Current.CancellationToken); // the one pooled connection
        await using var command = check.CreateCommand();
        command.CommandText = "SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%set_config%'";
        var prepared = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) prepared.Add(reader.GetString(0));
        Assert.Single(prepared);
        Assert.DoesNotContain(app.Demo.Acme.ToString(), prepared[0]);
    }

    [Fact]
    public async Task SendNoTenantWhenTheScopeHasNone()
    {
        await using var none = new ScopedContext(app.Postgres.Runtime(app.Database), null, null);
        Assert.Empty(await none.Db.Projects.IgnoreQueryFilters().ToListAsync(TestContext.Current.CancellationToken));
    }
}
