namespace TenantSite.Tenancy;

/// <summary>How a request addresses its tenant.</summary>
public enum TenancyMode
{
    /// <summary>The tenant's own host: <c>{slug}.{RootDomain}</c>.</summary>
    Host,
    /// <summary>A base path on the root domain: <c>{RootDomain}/{PathPrefix}/{slug}</c>.</summary>
    Path,
}
