using System.Globalization;
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

    /// <summary>
    /// A bucket's state as IETF draft-ietf-httpapi-ratelimit-headers names it: RateLimit-Limit (the bucket),
    /// RateLimit-Remaining (<paramref name="available"/> permits now) and RateLimit-Reset (seconds until it is full).
    /// </summary>
    public static void WriteHeaders(HttpResponse response, TokenBucketRateLimiterOptions bucket, long available)
    {
        response.Headers["RateLimit-Limit"] = bucket.TokenLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = available.ToString(CultureInfo.InvariantCulture);
        var reset = (bucket.TokenLimit - available) * bucket.ReplenishmentPeriod;
        response.Headers["RateLimit-Reset"] = ((long)Math.Ceiling(reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }
}
