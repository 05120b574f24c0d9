using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The app refuses to serve as a role that could turn row-level security off: each case set up for real, with roles
/// of its own (dropped afterwards) in a database of its own. The superuser's case is DatabaseRoleShould's.
/// </summary>
public sealed class RuntimeRoleGuardShould(PostgresServer postgres) : IAsyncLifetime
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private string _database = "";

    private string Role => $"rt_{_suffix}";
    private string Middle => $"mid_{_suffix}";

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        await SuperuserAsync("postgres", $"CREATE ROLE {Role} LOGIN NOSUPERUSER NOBYPASSRLS; CREATE ROLE {Middle} NOLOGIN");
    }

    [Fact]
    public async Task RefuseARoleThatOwnsATableUnderRowLevelSecurity()
    {
        await SuperuserAsync(_database, $"ALTER TABLE tasks OWNER TO {Role}");

        var error = StartAs(Role);

        Assert.Equal($"ConnectionStrings:TenantSite connects as role \"{Role}\", which owns tables under row-level security (tasks) " +
            "and so could turn it off. Use the runtime role that `migrate` creates, which owns nothing.", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RefuseAMemberOfTheTablesOwner(bool throughAnotherRole)
    {
        var owner = PostgresServer.OwnerRole;
        await SuperuserAsync("postgres", throughAnotherRole ? $"GRANT {owner} TO {Middle}; GRANT {Middle} TO {Role}" : $"GRANT {owner} TO {Role}");

        var error = StartAs(Role);

        Assert.Equal($"ConnectionStrings:TenantSite connects as role \"{Role}\", a member (directly or through other roles) of " +
            $"\"{owner}\", which owns the tables under row-level security: through SET ROLE it could turn it off. Revoke that " +
            "membership, or use the runtime role that `migrate` creates.", error.Message);
    }

    // The same role without the ownership or membership starts: the refusals above are about them alone.
    [Fact]
    public async Task ServeAsARoleThatOwnsNothingAndBelongsToNoOwner()
    {
        await SuperuserAsync(_database, $"GRANT {PostgresServer.RuntimeRole} TO {Role}");
        await using var app = new AppAs(postgres.Runtime(_database), Role);

        using var client = app.CreateClient();
        Assert.True((await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
    }

    private InvalidOperationException StartAs(string role)
    {
        using var app = new AppAs(postgres.Runtime(_database), role);
        return Assert.Throws<InvalidOperationException>(() => app.CreateClient());
    }

    private async Task SuperuserAsync(string database, string sql)
    {
        var source = AdminSources.For(postgres.Admin(database));
        await PostgresServer.Exec(source, sql);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await SuperuserAsync("postgres", $"DROP DATABASE {_database} WITH (FORCE)");
        await SuperuserAsync("postgres", $"DROP ROLE {Role}; DROP ROLE {Middle}");
    }

    // The app with its runtime connection as the given role.
    private sealed class AppAs(string runtime, string role) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("ConnectionStrings:TenantSite", new NpgsqlConnectionStringBuilder(runtime) { Username = role }.ConnectionString);
        }
    }
}
