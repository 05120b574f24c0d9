using System.Globalization;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Browser;

/// <summary>The app in Chromium with a low per-user write limit (sign-in stays out of reach).</summary>
public sealed class WriteLimitedBrowserApp(PostgresServer postgres, DevIdp idp) : BrowserAppFactory(postgres, idp)
{
    /// <summary>Writes per user and minute.</summary>
    public const int PerUser = 2;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["RateLimits:WritesPerUserPerMinute"] = PerUser.ToString(CultureInfo.InvariantCulture),
    };
}
