using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace TenantSite.RateLimits;

/// <summary>
/// Every request an API key authenticates, reads included, per key: a script in a loop must not take the database
/// from everyone else. Runs after authorization, so a key presented at the wrong organization (404) counts for nothing.
/// </summary>
public sealed class ApiKeyRateLimit : IDisposable
{
    private readonly TokenBucketRateLimiterOptions _perKey;

    public ApiKeyRateLimit(IOptions<RateLimitOptions> options)
    {
        var perKey = _perKey = TokenBuckets.PerMinute(options.Value.ApiRequestsPerKeyPerMinute);
        Limiter = PartitionedRateLimiter.Create<HttpContext, Guid>(context =>
            context.RequestServices.GetRequiredService<DataScope>().ApiKey is { } key
                ? RateLimitPartition.GetTokenBucketLimiter(key.KeyId, _ => perKey)
                : RateLimitPartition.GetNoLimiter(Guid.Empty));
    }

    /// <summary>The per-key limiter.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>True for a request an API key authenticated (not the re-execution of its error page).</summary>
    public static bool AppliesTo(HttpContext context) =>
        context.RequestServices.GetRequiredService<DataScope>().ApiKey is not null && !Infrastructure.RequestRejections.IsReExecution(context);

    /// <summary>
    /// The key's allowance as it stands when the answer starts (IETF draft-ietf-httpapi-ratelimit-headers):
    /// RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds until the whole allowance is back), so a
    /// client can slow down before it gets a 429.
    /// </summary>
    public void WriteHeaders(HttpContext context)
    {
        var remaining = Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? _perKey.TokenLimit;
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = _perKey.TokenLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var reset = (_perKey.TokenLimit - remaining) * _perKey.ReplenishmentPeriod;
        headers["RateLimit-Reset"] = ((long)Math.Ceiling(reset.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the limiter's replenishment timers.</summary>
    public void Dispose() => Limiter.Dispose();
}
