using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>What a strategy found.</summary>
public class StrategyResolveCompletedContext
{
    /// <summary>The context resolved (the <c>HttpContext</c>).</summary>
    public object? Context { get; set; }

    /// <summary>The strategy that ran.</summary>
    public required IMultiTenantStrategy Strategy { get; init; }

    /// <summary>The identifier found; set it to null to go on with the next strategy.</summary>
    public string? Identifier { get; set; }

    /// <summary>True when there is an identifier.</summary>
    public bool IdentifierFound => Identifier is not null;
}
