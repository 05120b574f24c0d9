using System.Threading.RateLimiting;

namespace TenantSite.RateLimits;

/// <summary>
/// Two limiters chained, a permit from both or from neither, like <see cref="PartitionedRateLimiter.CreateChained"/>,
/// but it looks at the second one before it takes from the first. The framework's chain takes the first permit, then
/// asks the second, and a token bucket never gives a token back: every request the second limiter turned away would
/// cost a token of the first (two, as the rate limiting middleware asks once more before it rejects), and the
/// rejection would name the first one's wait.
/// </summary>
public sealed class LookAheadChainedLimiter<TResource>(PartitionedRateLimiter<TResource> first, PartitionedRateLimiter<TResource> second)
    : PartitionedRateLimiter<TResource>
{
    private readonly PartitionedRateLimiter<TResource> _chained = PartitionedRateLimiter.CreateChained(first, second);

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics(TResource resource) => _chained.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(TResource resource, int permitCount) =>
        SecondIsOut(resource, permitCount) ? second.AttemptAcquire(resource, permitCount) : _chained.AttemptAcquire(resource, permitCount);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(TResource resource, int permitCount, CancellationToken cancellationToken) =>
        SecondIsOut(resource, permitCount)
            ? second.AcquireAsync(resource, permitCount, cancellationToken)
            : _chained.AcquireAsync(resource, permitCount, cancellationToken);

    // Another request may take the second limiter's last permit between this look and the chain: then the first
    // permit is lost after all, which makes the first limit a little stricter for a moment, never looser.
    private bool SecondIsOut(TResource resource, int permitCount) =>
        second.GetStatistics(resource)?.CurrentAvailablePermits < permitCount;

    // It owns both limiters; the framework's chain owns neither.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chained.Dispose();
            first.Dispose();
            second.Dispose();
        }
        base.Dispose(disposing);
    }
}
