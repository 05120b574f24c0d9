namespace TenantSite.Tenancy;

/// <summary>The outcome of one strategy on one request.</summary>
public readonly record struct StrategyResult(StrategyOutcome Outcome, string? Identifier = null)
{
    /// <summary>The strategy does not apply; the next one may.</summary>
    public static StrategyResult None => new(StrategyOutcome.None);

    /// <summary>The request addresses a tenant in a way that can never be valid (malformed slug).</summary>
    public static StrategyResult Invalid => new(StrategyOutcome.Invalid);

    /// <summary>A syntactically valid identifier; the store decides whether the tenant exists.</summary>
    public static StrategyResult Found(string identifier) => new(StrategyOutcome.Found, identifier);
}

/// <summary>See <see cref="StrategyResult"/>.</summary>
public enum StrategyOutcome
{
    /// <summary>Not applicable.</summary>
    None,
    /// <summary>Applicable but malformed.</summary>
    Invalid,
    /// <summary>An identifier was found.</summary>
    Found,
}
