using System.Threading.RateLimiting;

namespace TenantSite.RateLimits;

/// <summary>The one limiter shape every limit uses.</summary>
internal static class TokenBuckets
{
    /// <summary>
    /// <paramref name="perMinute"/> requests at once, then one more every minute / <paramref name="perMinute"/>. A
    /// token bucket, unlike a sliding window, tells the client when the next request will pass (Retry-After).
    /// </summary>
    public static TokenBucketRateLimiterOptions PerMinute(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
        // No queue: a request over the limit is answered at once instead of holding a connection while it waits.
        QueueLimit = 0,
    };
}
