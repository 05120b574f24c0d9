namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>What every tenant has: a stable id and the identifier a strategy finds in a request.</summary>
public interface ITenantInfo
{
    /// <summary>The tenant's stable id.</summary>
    string Id { get; }

    /// <summary>The identifier a strategy extracts from the request (host label, path segment).</summary>
    string Identifier { get; }
}
