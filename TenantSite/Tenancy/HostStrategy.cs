namespace TenantSite.Tenancy;

/// <summary>Host mode: <c>{slug}.{RootDomain}</c>, case-insensitive, port ignored.</summary>
public sealed class HostStrategy(RootDomain root) : IMultiTenantStrategy
{
    /// <inheritdoc />
    public StrategyResult GetIdentifier(HttpContext context)
    {
        var label = root.SubdomainOf(context.Request.Host);
        if (label is null) return StrategyResult.None;
        // Only one label: a.b.app.example is below the root domain but never a tenant.
        return Slug.IsWellFormed(label) && !Slug.Reserved.Contains(label)
            ? StrategyResult.Found(label)
            : StrategyResult.Invalid;
    }
}
