using Microsoft.AspNetCore.Hosting;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// One piece of a test host (a sign-in, a mail server, real Kestrel, a setting): a host is <see cref="TenantSiteFactory"/>
/// with the parts it is given, applied in order, so a later part's setting wins. Each hook runs once per host.
/// </summary>
public abstract class HostPart
{
    /// <summary>True for a part that brings its own sign-in: the header-based test scheme then stays out.</summary>
    public virtual bool SignsIn => false;

    /// <summary>Starts what the host's settings point at (a mail server, a provider) before the host reads them.</summary>
    public virtual ValueTask StartAsync() => ValueTask.CompletedTask;

    public virtual void AddSettings(TenantSiteFactory app, IDictionary<string, string?> settings) { }

    public virtual void ConfigureHost(TenantSiteFactory app, IWebHostBuilder builder) { }

    /// <summary>Runs once the database exists and before the host starts (e.g. to choose real Kestrel).</summary>
    public virtual void BeforeStart(TenantSiteFactory app) { }

    /// <summary>Runs once the host has started and the demo data is seeded.</summary>
    public virtual ValueTask StartedAsync(TenantSiteFactory app) => ValueTask.CompletedTask;

    /// <summary>Stops what <see cref="StartAsync"/> started, after the host has stopped.</summary>
    public virtual ValueTask StopAsync() => ValueTask.CompletedTask;
}
