namespace TenantSite.Data.Entities;

/// <summary>A user's membership of an organization, with a role.</summary>
public sealed class OrganizationMember : ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid UserId { get; set; }
    public required string Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public User? User { get; set; }
    public Organization? Organization { get; set; }
}
