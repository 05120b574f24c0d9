using TenantSite.Tests.Auth.Oidc;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app (test sign-in) in a hosting environment of the test's choosing — Development by default, where the framework
/// is the most talkative about errors — with everything it logs captured.
/// </summary>
public sealed class EnvironmentAppFactory : TenantSiteFactory
{
    public EnvironmentAppFactory(PostgresServer postgres) : this(postgres, "Development") { }

    internal EnvironmentAppFactory(PostgresServer postgres, string environment)
        : base(postgres, new InEnvironment(environment), new CapturedLogs<CapturingLoggerProvider>()) { }

    public CapturingLoggerProvider Logs => Part<CapturedLogs<CapturingLoggerProvider>>().Provider;

    /// <summary>What the app logged at Error or above, or with an exception.</summary>
    public IEnumerable<string> Errors => Logs.Errors;
}
