namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Which strategy found the tenant.</summary>
public class StrategyInfo
{
    /// <summary>The strategy's type.</summary>
    public Type? StrategyType => Strategy?.GetType();

    /// <summary>The strategy.</summary>
    public IMultiTenantStrategy? Strategy { get; init; }
}
