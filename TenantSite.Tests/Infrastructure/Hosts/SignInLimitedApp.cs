using System.Globalization;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app with its real sign-in (tools/dev-idp) and a low sign-in limit; the write limits stay out of reach.</summary>
public sealed class SignInLimitedApp(PostgresServer postgres, DevIdp idp)
    : TenantSiteFactory(postgres, new ProviderSignIn(idp), new AppSettings(("RateLimits:SignInPerMinute", Limit.ToString(CultureInfo.InvariantCulture))))
{
    /// <summary>
    /// Sign-in requests per address and minute: exactly one interactive sign-in started on a tenant host (its /signin,
    /// the root's silent start and its callback, the interactive start and its callback, the root's continuation, the
    /// handoff on the tenant host).
    /// </summary>
    public const int Limit = 7;
}
