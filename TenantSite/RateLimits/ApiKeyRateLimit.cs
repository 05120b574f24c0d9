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

    /// <summary>The key's allowance as it stands now, in the RateLimit-* headers (<see cref="TokenBuckets.WriteHeaders"/>).</summary>
    public void WriteHeaders(HttpContext context) =>
        TokenBuckets.WriteHeaders(context.Response, _perKey, Limiter.GetStatistics(context)?.CurrentAvailablePermits ?? _perKey.TokenLimit);

    /// <summary>Stops the limiter's replenishment timers.</summary>
    public void Dispose() => Limiter.Dispose();
}
