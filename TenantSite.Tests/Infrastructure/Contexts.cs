using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantSite.Data;

namespace TenantSite.Tests.Infrastructure;

/// <summary>An <see cref="AppDbContext"/> wired exactly as the app wires it, over a connection of the test's choosing.</summary>
public sealed class ScopedContext : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    public AppDbContext Db { get; }

    public ScopedContext(string connectionString, Guid? organization, Guid? user)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        var scope = new DataScope();
        if (user is { } u) scope.SetUser(u);
        if (organization is { } o) scope.EnterOrganization(o);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseTenantSite(_source, new TenantCommandInterceptor()).Options;
        Db = new AppDbContext(options) { Scope = scope };
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await _source.DisposeAsync();
    }
}
