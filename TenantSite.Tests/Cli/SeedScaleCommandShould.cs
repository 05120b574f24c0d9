using Npgsql;
using TenantSite.Cli;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Cli;

/// <summary><c>seed-scale</c> on a migrated database with the demo data (its own, so counts are exact).</summary>
public sealed class SeedScaleCommandShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IConfiguration Config => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:TenantSiteAdmin"] = app.OwnerConnectionString })
        .Build();

    private async Task<long> CountAsync(string sql)
    {
        var source = AdminSources.For(app.AdminConnectionString);
        return (long)(await source.CreateCommand(sql).ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task LoadTheShapeAddOnlyWhatIsMissingAndLeaveRowLevelSecurityInForce()
    {
        var shape = new SeedScaleCommand.Shape(Organizations: 30, Projects: 3, Tasks: 4);
        await SeedScaleCommand.RunAsync(Config, shape, NullLogger.Instance, Ct);
        await SeedScaleCommand.RunAsync(Config, shape with { Organizations = 40 }, NullLogger.Instance, Ct);

        Assert.Equal(40, await CountAsync("SELECT count(*) FROM organizations WHERE slug LIKE 'scale-%'"));
        Assert.Equal(40 * 3, await CountAsync("SELECT count(*) FROM projects p JOIN organizations o ON o.id = p.organization_id WHERE o.slug LIKE 'scale-%'"));
        Assert.Equal(40 * 3 * 4, await CountAsync("SELECT count(*) FROM tasks t JOIN organizations o ON o.id = t.organization_id WHERE o.slug LIKE 'scale-%'"));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM pg_class WHERE relname IN ('projects', 'tasks') AND relforcerowsecurity"));
        // Load-test rows are nobody's changes: no audit events, and the audit triggers are on again afterwards.
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM audit_events e JOIN organizations o ON o.id = e.organization_id WHERE o.slug LIKE 'scale-%'"));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tr\\_%\\_audit' AND tgenabled <> 'O'"));
        Assert.Equal(6, await CountAsync("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tr\\_%\\_audit'"));
        // The live-update triggers it switched off for its transaction are on again.
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM pg_trigger WHERE tgname IN ('tr_projects_live_insert', 'tr_tasks_live_insert') AND tgenabled = 'O'"));
        // The demo organizations are untouched, and the runtime role still sees one organization's rows only.
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM projects p JOIN organizations o ON o.id = p.organization_id WHERE o.slug = 'acme'"));
        Assert.Equal(3, (await Sql.QueryAsync(app.RuntimeDataSource, app.Demo.Acme, app.Demo.Alice, "SELECT name FROM projects")).Count);
    }

    [Theory]
    [InlineData("--organizations", "ten")]
    [InlineData("--organizations")]
    [InlineData("--tenants", "5")]
    [InlineData("--tasks", "-1")]
    public void RefuseAnOptionThatIsNotACount(params string[] args)
    {
        Assert.Null(SeedScaleCommand.Shape.Parse(args, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void DefaultToTheBenchmarkShape()
    {
        Assert.Equal(new SeedScaleCommand.Shape(10_000, 20, 5), SeedScaleCommand.Shape.Parse([], out _));
        Assert.Equal(new SeedScaleCommand.Shape(100, 20, 5), SeedScaleCommand.Shape.Parse(["--organizations", "100"], out _));
    }
}
