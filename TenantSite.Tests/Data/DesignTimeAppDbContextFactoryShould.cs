using Microsoft.EntityFrameworkCore;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>What <c>dotnet ef</c> gets from <see cref="DesignTimeAppDbContextFactory"/>.</summary>
public sealed class DesignTimeAppDbContextFactoryShould(PostgresServer postgres)
{
    [Fact]
    public void CheckForModelChangesWithoutADatabase()
    {
        using var db = new DesignTimeAppDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task ReadTheMigrationHistoryAsTheOwner()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var db = new DesignTimeAppDbContextFactory()
            .CreateDbContext([$"--ConnectionStrings:{DataExtensions.AdminConnection}={postgres.Owner(database)}"]);

        var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(db.Database.GetMigrations(), applied);
    }
}
