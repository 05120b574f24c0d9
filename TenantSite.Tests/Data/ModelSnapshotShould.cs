using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The EF model and the migrations agree as dotnet-ef sees them: no model change lacks a migration (what
/// <c>dotnet ef migrations has-pending-model-changes</c> checks, and what <c>migrate</c> refuses to run without), and
/// the latest migrations carry the target models that <c>dotnet ef migrations remove</c> rebuilds the snapshot from.
/// </summary>
public sealed class ModelSnapshotShould(PostgresServer postgres)
{
    [Fact]
    public async Task HaveNoModelChangesThatNoMigrationCaptures()
    {
        await using var context = new ScopedContext(postgres.Admin("postgres"), null, null);

        Assert.False(context.Db.Database.HasPendingModelChanges(),
            "The model changed: run `dotnet ef migrations add <Name> --project TenantSite --output-dir Data/Migrations`.");
    }

    [Fact]
    public async Task GiveTheLatestMigrationTheSnapshotsModelAndItsPredecessorAModel()
    {
        await using var context = new ScopedContext(postgres.Admin("postgres"), null, null);
        var db = context.Db;
        var assembly = db.GetService<IMigrationsAssembly>();
        var provider = db.GetService<IDatabaseProvider>().Name;
        var latest = assembly.Migrations.Values.TakeLast(2).Select(m => assembly.CreateMigration(m, provider)).ToList();

        // A migration without a .Designer.cs has an empty target model: `migrations remove` of its successor would then
        // empty the snapshot instead of restoring it.
        Assert.All(latest, m => Assert.NotEmpty(m.TargetModel!.GetEntityTypes()));
        Assert.False(db.GetService<IMigrationsModelDiffer>().HasDifferences(
            Relational(db, latest[^1].TargetModel!), Relational(db, assembly.ModelSnapshot!.Model)));
    }

    // How EF prepares a migration's or the snapshot's model before it compares models.
    private static IRelationalModel Relational(DbContext db, IModel model) => db.GetService<IModelRuntimeInitializer>()
        .Initialize(model is IMutableModel mutable ? mutable.FinalizeModel() : model).GetRelationalModel();
}
