namespace TenantSite.Data.Entities;

/// <summary>A row that belongs to exactly one organization; bound to the current tenant by filters, checks and RLS.</summary>
public interface ITenantOwned
{
    /// <summary>The owning organization. Stamped by <see cref="AppDbContext"/> on insert; never changes.</summary>
    Guid OrganizationId { get; set; }
}
