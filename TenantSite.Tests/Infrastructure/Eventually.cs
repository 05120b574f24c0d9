using System.Diagnostics;

namespace TenantSite.Tests.Infrastructure;

/// <summary>Bounded polling for something another process makes true: no blind sleeps, and a clear failure.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Checks <paramref name="condition"/> until it holds and returns how long that took; fails once
    /// <paramref name="within"/> has passed without it (a check that started in time still counts).
    /// </summary>
    public static async Task<TimeSpan> TrueWithinAsync(TimeSpan within, Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var started = clock.Elapsed;
            if (await condition()) return clock.Elapsed;
            if (started >= within) Assert.Fail($"Not within {within.TotalMilliseconds:0} ms: {what}");
            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
