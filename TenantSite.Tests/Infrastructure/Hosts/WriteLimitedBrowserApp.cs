using System.Globalization;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app in Chromium with a low per-user write limit (sign-in stays out of reach).</summary>
public sealed class WriteLimitedBrowserApp(PostgresServer postgres, DevIdp idp)
    : BrowserAppFactory(postgres, idp, new AppSettings(("RateLimits:WritesPerUserPerMinute", PerUser.ToString(CultureInfo.InvariantCulture))))
{
    /// <summary>Writes per user and minute.</summary>
    public const int PerUser = 2;
}
