namespace TenantSite.Tenancy;

/// <summary>What the application knows about a tenant once it is resolved (Finbuckle's <c>ITenantInfo</c>).</summary>
public interface ITenantInfo
{
    /// <summary>The tenant's stable id: the organization's primary key.</summary>
    Guid Id { get; }

    /// <summary>The identifier a strategy extracts from the request: the organization's slug.</summary>
    string Identifier { get; }

    /// <summary>The display name.</summary>
    string Name { get; }
}
