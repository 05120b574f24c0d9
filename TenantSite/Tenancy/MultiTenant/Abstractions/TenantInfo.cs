namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>The default <see cref="ITenantInfo"/>, the base for an application's own tenant type.</summary>
public class TenantInfo : ITenantInfo
{
    /// <inheritdoc />
    public required string Id { get; init; }

    /// <inheritdoc />
    public required string Identifier { get; init; }

    /// <summary>A display name.</summary>
    public string? Name { get; init; }
}
