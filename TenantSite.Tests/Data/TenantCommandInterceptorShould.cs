using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>The hand-over of the tenant to PostgreSQL through EF Core, as the runtime role.</summary>
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

    [Fact]
    public async Task SendNoTenantWhenTheScopeHasNone()
    {
        await using var none = new ScopedContext(app.Postgres.Runtime(app.Database), null, null);
        Assert.Empty(await none.Db.Projects.IgnoreQueryFilters().ToListAsync(TestContext.Current.CancellationToken));
    }
}
