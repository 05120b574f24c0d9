using Microsoft.EntityFrameworkCore;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>The app's database registration: pooled contexts, each request's own scope.</summary>
public sealed class DataExtensionsShould(TenantSiteFactory app) : IClassFixture<TenantSiteFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NotCarryARequestsScopeIntoTheNextRequestsPooledContext()
    {
        AppDbContext first;
        await using (var request = app.Services.CreateAsyncScope())
        {
            var scope = request.ServiceProvider.GetRequiredService<DataScope>();
            scope.SetUser(app.Demo.Alice);
            scope.EnterOrganization(app.Demo.Acme);
            first = request.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.NotEmpty(await first.Projects.ToListAsync(Ct));
        }

        await using (var request = app.Services.CreateAsyncScope())
        {
            var second = request.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Same(first, second); // the pool handed the same context back…
            Assert.Same(request.ServiceProvider.GetRequiredService<DataScope>(), second.Scope); // …with this request's scope
            Assert.Null(second.Scope.OrganizationId);
            Assert.Empty(await second.Projects.ToListAsync(Ct));
            Assert.Empty(await second.Projects.IgnoreQueryFilters().ToListAsync(Ct)); // and PostgreSQL got no tenant either
        }
    }

    [Theory]
    [InlineData("Host=db;Username=app", 20)]
    [InlineData("Host=db;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=app;MaxAutoPrepare=5", 5)]
    public void PrepareStatementsUnlessTheConnectionStringSaysOtherwise(string connectionString, int expected)
    {
        using var source = DataExtensions.CreateRuntimeDataSource(connectionString);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString).MaxAutoPrepare);
    }
}
