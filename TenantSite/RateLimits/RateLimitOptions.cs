using System.ComponentModel.DataAnnotations;

namespace TenantSite.RateLimits;

/// <summary>
/// Configuration section <c>RateLimits</c>. Each limit is a token bucket: a burst of up to a minute's worth of
/// requests, refilled evenly over the minute, so a steady client gets exactly the configured rate.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "RateLimits";

    // The refill step is a minute divided by the limit: above a million it would round to nothing.
    private const int Most = 1_000_000;

    /// <summary>
    /// Sign-in requests per client address: starts at <c>/signin</c> plus the provider's callbacks
    /// (<c>/signin-oidc</c>, <c>/signout-callback-oidc</c>). One interactive sign-in takes up to four (the silent
    /// attempt and the login page, each a start and a callback).
    /// </summary>
    [Range(1, Most, ErrorMessage = "RateLimits:SignInPerMinute must be between {1} and {2}.")]
    public int SignInPerMinute { get; set; } = 60;

    /// <summary>Writes (POST, PUT, PATCH, DELETE) per signed-in user, across all their organizations.</summary>
    [Range(1, Most, ErrorMessage = "RateLimits:WritesPerUserPerMinute must be between {1} and {2}.")]
    public int WritesPerUserPerMinute { get; set; } = 60;

    /// <summary>Writes per organization, by all of its members together.</summary>
    [Range(1, Most, ErrorMessage = "RateLimits:WritesPerOrganizationPerMinute must be between {1} and {2}.")]
    public int WritesPerOrganizationPerMinute { get; set; } = 600;

    /// <summary>API requests (reads and writes) per API key. A key's writes also count against its organization's.</summary>
    [Range(1, Most, ErrorMessage = "RateLimits:ApiRequestsPerKeyPerMinute must be between {1} and {2}.")]
    public int ApiRequestsPerKeyPerMinute { get; set; } = 600;
}
