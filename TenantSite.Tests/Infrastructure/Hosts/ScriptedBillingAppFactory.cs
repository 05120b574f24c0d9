using TenantSite.Billing;
using TenantSite.Tests.Pages.Org.Billing;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app with a payment provider whose answer each test scripts.</summary>
public sealed class ScriptedBillingAppFactory : TenantSiteFactory
{
    public ScriptedBillingAppFactory(PostgresServer postgres) : this(postgres, new ScriptedBillingProvider()) { }

    private ScriptedBillingAppFactory(PostgresServer postgres, ScriptedBillingProvider provider)
        : base(postgres, new TestServices(services => services.AddSingleton<IBillingProvider>(provider))) => Provider = provider;

    public ScriptedBillingProvider Provider { get; }
}
