namespace TenantSite.Tenancy;

/// <summary>Extracts a tenant identifier from a request.</summary>
public interface IMultiTenantStrategy
{
    /// <summary>
    /// Returns <see cref="StrategyResult.None"/> when the strategy does not apply to the request,
    /// <see cref="StrategyResult.Invalid"/> when it applies but the request cannot name a valid tenant,
    /// otherwise the identifier it found.
    /// </summary>
    StrategyResult GetIdentifier(HttpContext context);

    /// <summary>Called once the store confirmed the tenant this strategy found, before routing runs.</summary>
    void OnResolved(HttpContext context, ITenantInfo tenant) { }
}
