using System.Diagnostics;
using Npgsql;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// How a concurrency test knows that a write is held where it means it to be: it polls PostgreSQL for a backend that
/// waits for a lock, instead of sleeping and hoping.
/// </summary>
public static class LockWaits
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True once a backend of the database (<paramref name="pid"/>, or any) waits for a lock; false when
    /// <paramref name="work"/> ended first, so nothing held it. Fails after 10 s of neither.
    /// </summary>
    public static async Task<bool> UntilWaitingAsync(string adminConnectionString, Task work, int? pid = null)
    {
        var sql = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'" +
                  (pid is null ? ")" : " AND pid = $1)");
        var source = AdminSources.For(adminConnectionString);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Within)
        {
            await using var command = source.CreateCommand(sql);
            if (pid is { } id) command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = id });
            if ((bool)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!) return true;
            if (work.IsCompleted) return false;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        Assert.Fail($"Within {Within.TotalSeconds:0} s, nothing waited for a lock and the work did not end.");
        return false;
    }
}
