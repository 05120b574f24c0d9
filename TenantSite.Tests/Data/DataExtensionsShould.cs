using Microsoft.EntityFrameworkCore;
using TenantSite.Data;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>The app's database registration: pooled contexts, each request's own scope.</summary>
// A host of its own: it expects the context pool to hand back the context it just returned, which another request could take.
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

    [Theory]
    [InlineData("Host=db;Username=app;Multiplexing=true")]
    [InlineData("Host=db;Username=app;multiplexing=True")]
    public void RefuseMultiplexingWithAMessage(string connectionString)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => DataExtensions.CreateRuntimeDataSource(connectionString));
        Assert.Equal(DataExtensions.MultiplexingRefused, refused.Message);
        Assert.Contains("Remove Multiplexing from the connection string", refused.Message);
    }

    [Fact]
    public void AcceptMultiplexingSwitchedOff()
    {
        using var source = DataExtensions.CreateRuntimeDataSource("Host=db;Username=app;Multiplexing=false");
        Assert.False(new Npgsql.NpgsqlConnectionStringBuilder(source.ConnectionString).Multiplexing);
    }

    [Theory]
    [InlineData("Host=direct;Username=app", "Host=pooler;Username=app", "direct")]
    [InlineData(null, "Host=pooler;Username=app", "pooler")]
    [InlineData("", "Host=pooler;Username=app", "pooler")]
    public void ListenOnTheDirectConnectionWhenOneIsConfigured(string? listen, string runtime, string expectedHost)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:" + DataExtensions.RuntimeConnection] = runtime,
            ["ConnectionStrings:" + DataExtensions.ListenConnection] = listen,
        }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddData().BuildServiceProvider();

        var settings = new Npgsql.NpgsqlConnectionStringBuilder(services.GetRequiredService<ListenDataSource>().DataSource.ConnectionString);

        Assert.Equal(expectedHost, settings.Host);
        Assert.False(settings.Pooling); // its one connection is held for the app's life; a broken one is closed
        Assert.Equal(ListenDataSource.ApplicationName, settings.ApplicationName);
        Assert.Equal(ListenDataSource.KeepAliveSeconds, settings.KeepAlive);
    }

    [Fact]
    public async Task KeepTheListenersApplicationNameAndKeepaliveWhenTheConnectionStringSetsThem()
    {
        await using var source = new ListenDataSource("Host=direct;Username=app;Application Name=blue-listener;Keepalive=5");
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(source.DataSource.ConnectionString);
        Assert.Equal(("blue-listener", 5), (settings.ApplicationName, settings.KeepAlive));
    }
}
