using System.Collections.Concurrent;
using Npgsql;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// One superuser data source per connection string for the whole run. A data source created and disposed per helper
/// call costs a new server process and Npgsql's type loading each time: that was 2,100 of a run's 2,800 connections
/// and a third of its CPU.
/// </summary>
public static class AdminSources
{
    private static readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> Sources = new();

    public static NpgsqlDataSource For(string connectionString) => Sources.GetOrAdd(connectionString, static cs =>
        new Lazy<NpgsqlDataSource>(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(cs)
        {
            // Idle connections close soon: a class's database is done with in seconds, and max_connections is shared.
            ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5, MaxPoolSize = 10,
        }))).Value;

    /// <summary>Drops the pooled connections to a server that is about to stop (they would fail on their next use).</summary>
    public static async Task ForgetServerAsync(int port)
    {
        foreach (var (cs, source) in Sources.ToArray())
            if (new NpgsqlConnectionStringBuilder(cs).Port == port && Sources.TryRemove(cs, out _) && source.IsValueCreated)
                await source.Value.DisposeAsync();
    }
}
