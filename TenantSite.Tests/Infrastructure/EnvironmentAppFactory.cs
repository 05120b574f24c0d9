using Microsoft.AspNetCore.Hosting;
using TenantSite.Tests.Auth.Oidc;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The app (test sign-in) in a hosting environment of the test's choosing — Development by default, where the framework
/// is the most talkative about errors — with everything it logs captured.
/// </summary>
public sealed class EnvironmentAppFactory : TenantSiteFactory
{
    private readonly string _environment;

    public EnvironmentAppFactory(PostgresServer postgres) : this(postgres, "Development")
    {
    }

    internal EnvironmentAppFactory(PostgresServer postgres, string environment) : base(postgres) => _environment = environment;

    public CapturingLoggerProvider Logs { get; } = new();

    // Outside Development and Testing the key ring must be encrypted (KeyRing/): with the run's test certificate.
    protected override IDictionary<string, string?> Settings => _environment is "Development" or "Testing"
        ? base.Settings
        : new Dictionary<string, string?>(base.Settings)
        {
            ["DataProtection:Certificate:Path"] = TestCertificates.Shared.Path,
            ["DataProtection:Certificate:Password"] = TestCertificates.Shared.Password,
        };

    /// <summary>What the app logged at Error or above, or with an exception.</summary>
    public IEnumerable<string> Errors => Logs.Errors;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(_environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
