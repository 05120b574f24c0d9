using System.Globalization;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.RateLimits;

/// <summary>The app (header sign-in) with low write and API key limits; each test makes its own organizations and users.</summary>
public sealed class WriteLimitedApp(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    /// <summary>Writes per user and minute.</summary>
    public const int PerUser = 2;

    /// <summary>Writes per organization and minute: more than one user's, fewer than two users'.</summary>
    public const int PerOrganization = 3;

    /// <summary>API requests per key and minute.</summary>
    public const int PerKey = 4;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:ApiRequestsPerKeyPerMinute"] = PerKey.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:WritesPerUserPerMinute"] = PerUser.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:WritesPerOrganizationPerMinute"] = PerOrganization.ToString(CultureInfo.InvariantCulture),
    };
}
