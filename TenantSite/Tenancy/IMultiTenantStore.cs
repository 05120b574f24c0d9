namespace TenantSite.Tenancy;

/// <summary>Looks tenants up by identifier (slug).</summary>
public interface IMultiTenantStore
{
    /// <summary>The tenant with this identifier, or null when there is none.</summary>
    Task<OrganizationTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken);
}
