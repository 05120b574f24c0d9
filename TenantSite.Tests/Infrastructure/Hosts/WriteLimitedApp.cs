using System.Globalization;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app (header sign-in) with low write and API key limits; each test makes its own organizations and users.</summary>
public sealed class WriteLimitedApp(PostgresServer postgres) : TenantSiteFactory(postgres, new AppSettings(
    ("RateLimits:ApiRequestsPerKeyPerMinute", PerKey.ToString(CultureInfo.InvariantCulture)),
    ("RateLimits:WritesPerUserPerMinute", PerUser.ToString(CultureInfo.InvariantCulture)),
    ("RateLimits:WritesPerOrganizationPerMinute", PerOrganization.ToString(CultureInfo.InvariantCulture))))
{
    /// <summary>Writes per user and minute.</summary>
    public const int PerUser = 2;

    /// <summary>Writes per organization and minute: more than one user's, fewer than two users'.</summary>
    public const int PerOrganization = 3;

    /// <summary>API requests per key and minute.</summary>
    public const int PerKey = 4;
}
