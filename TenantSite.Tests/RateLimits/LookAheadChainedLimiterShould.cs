using System.Threading.RateLimiting;
using TenantSite.RateLimits;

namespace TenantSite.Tests.RateLimits;

/// <summary>Over real token buckets: a user's (first) and an organization's (second), keyed by "user/organization".</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class LookAheadChainedLimiterShould
{
    private static PartitionedRateLimiter<string> Buckets(int perMinute, Func<string, string> key) =>
        PartitionedRateLimiter.Create<string, string>(resource => RateLimitPartition.GetTokenBucketLimiter(key(resource), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute, QueueLimit = 0,
        }));

    // Users get 2 a minute (a token every 30 s), organizations 3 (every 20 s).
    private static LookAheadChainedLimiter<string> NewLimiter() =>
        new(Buckets(2, r => r.Split('/')[0]), Buckets(3, r => r.Split('/')[1]));

    [Fact]
    public void TakeNothingFromTheUserWhenTheOrganizationIsOut()
    {
        using var limiter = NewLimiter();
        Assert.All(["ann/acme", "ann/acme", "bob/acme"], r => Assert.True(limiter.AttemptAcquire(r).IsAcquired));

        var refused = limiter.AttemptAcquire("bob/acme");
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(20), wait); // the organization's wait, not the user's
        Assert.True(limiter.AttemptAcquire("bob/globex").IsAcquired); // bob's second token is still there
    }

    [Fact]
    public async Task TakeNothingFromTheUserWhenTheOrganizationIsOutAlsoWhenAskedToWait()
    {
        using var limiter = NewLimiter();
        Assert.All(["ann/acme", "ann/acme", "bob/acme"], r => Assert.True(limiter.AttemptAcquire(r).IsAcquired));

        Assert.False((await limiter.AcquireAsync("bob/acme", cancellationToken: TestContext.Current.CancellationToken)).IsAcquired);
        Assert.True(limiter.AttemptAcquire("bob/globex").IsAcquired);
    }

    [Fact]
    public void TakeNothingFromTheOrganizationWhenTheUserIsOut()
    {
        using var limiter = NewLimiter();
        Assert.All(["ann/acme", "ann/acme"], r => Assert.True(limiter.AttemptAcquire(r).IsAcquired));

        var refused = limiter.AttemptAcquire("ann/acme");
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        Assert.True(limiter.AttemptAcquire("bob/acme").IsAcquired); // the organization's third token
    }
}
