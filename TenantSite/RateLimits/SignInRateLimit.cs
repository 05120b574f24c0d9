using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TenantSite.Auth;

namespace TenantSite.RateLimits;

/// <summary>
/// Sign-in requests per client address: the starts at <c>/signin</c> and the provider's callbacks. Each start sets
/// correlation cookies and sends the user to the provider; each callback calls the provider's token and userinfo
/// endpoints and writes the user. A flood of either would reach the provider in TenantSite's name.
/// </summary>
public sealed class SignInRateLimit : IDisposable
{
    private readonly string[] _paths;
    private readonly TokenBucketRateLimiterOptions _bucket;

    /// <summary>Reads the limit and the sign-in paths (the callbacks from the OpenID Connect options) once.</summary>
    public SignInRateLimit(IOptions<RateLimitOptions> options, IServiceProvider services)
    {
        // A callback path configured empty must not match "/" (the home page) once trailing slashes are trimmed.
        _paths = AuthEndpoints.SignInFlowPaths(services).Where(p => p.HasValue).Select(p => p.Value!).ToArray();
        _bucket = TokenBuckets.PerMinute(options.Value.SignInPerMinute);
        Limiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
            RateLimitPartition.GetTokenBucketLimiter(ClientAddress.PartitionKey(context.Connection.RemoteIpAddress), _ => _bucket));
    }

    /// <summary>The limiter, partitioned by <see cref="ClientAddress.PartitionKey"/>.</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>
    /// True for a request to one of the sign-in paths, whatever its method (the callback is a POST with form_post),
    /// on any host and under the path-mode base. Case and trailing slashes are ignored: routing serves
    /// <c>/signin/</c> as <c>/signin</c>, and a flood must not get around the limit by adding one.
    /// </summary>
    public bool AppliesTo(HttpContext context)
    {
        var path = context.Request.Path.Value.AsSpan().TrimEnd('/');
        foreach (var signInPath in _paths)
        {
            if (path.Equals(signInPath, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Stops the limiter's replenishment timer.</summary>
    public void Dispose() => Limiter.Dispose();
}
