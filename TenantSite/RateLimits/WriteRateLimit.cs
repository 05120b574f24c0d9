using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TenantSite.Security;

namespace TenantSite.RateLimits;

/// <summary>
/// Writes per user and per organization, chained: a write needs a permit from both. Runs after authorization, so the
/// user is known, the organization is one whose membership was confirmed (<see cref="DataScope"/>), and a request
/// authorization turned away counts for nobody: an outsider cannot use up an organization's budget.
/// </summary>
public sealed class WriteRateLimit : IDisposable
{
    private readonly TokenBucketRateLimiterOptions _writer;
    private readonly PartitionedRateLimiter<HttpContext> _perWriter;

    /// <summary>Reads both limits once.</summary>
    public WriteRateLimit(IOptions<RateLimitOptions> options)
    {
        var writer = _writer = TokenBuckets.PerMinute(options.Value.WritesPerUserPerMinute);
        var organization = TokenBuckets.PerMinute(options.Value.WritesPerOrganizationPerMinute);
        var perWriter = _perWriter = PartitionedRateLimiter.Create<HttpContext, Writer>(context =>
            RateLimitPartition.GetTokenBucketLimiter(Writer.Of(context), _ => writer));
        var perOrganization = PartitionedRateLimiter.Create<HttpContext, Guid>(context =>
            context.RequestServices.GetRequiredService<DataScope>().OrganizationId is { } id
                ? RateLimitPartition.GetTokenBucketLimiter(id, _ => organization)
                : RateLimitPartition.GetNoLimiter(Guid.Empty)); // onboarding, sign-out: no organization yet
        // The writer first: a request that the user's own limit turns away stops there and takes nothing from the
        // organization, so one user flooding does not lock out the others. Turned away by the organization, it takes
        // nothing from the user either (see LookAheadChainedLimiter).
        Limiter = new LookAheadChainedLimiter<HttpContext>(perWriter, perOrganization);
    }

    /// <summary>The chained limiter.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// True for a request that may change something: any method but GET, HEAD, OPTIONS and TRACE. Reads return at
    /// the first check. A re-execution for an error page (which keeps the POST) is not a second write.
    /// </summary>
    public static bool AppliesTo(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            return false;
        return !context.IsReExecution();
    }

    /// <summary>
    /// The writer's own allowance as it stands now, in the RateLimit-* headers: what a signed-in session's API answers
    /// carry (its reads are not limited; its writes are, per user).
    /// </summary>
    public void WriteHeaders(HttpContext context) =>
        TokenBuckets.WriteHeaders(context.Response, _writer, _perWriter.GetStatistics(context)?.CurrentAvailablePermits ?? _writer.TokenLimit);

    /// <summary>Stops the limiters' replenishment timers.</summary>
    public void Dispose() => Limiter.Dispose();

    /// <summary>
    /// Who a write counts for: the signed-in user, or the API key; an anonymous write (only <c>/signout</c> can see one)
    /// per address.
    /// </summary>
    private readonly record struct Writer(Guid? UserId, Guid? KeyId, IPAddress? Address)
    {
        public static Writer Of(HttpContext context) => context.RequestServices.GetRequiredService<DataScope>() switch
        {
            { UserId: { } user } => new Writer(user, null, null),
            { ApiKey: { } key } => new Writer(null, key.KeyId, null),
            _ => new Writer(null, null, ClientAddress.PartitionKey(context.Connection.RemoteIpAddress)),
        };
    }
}
