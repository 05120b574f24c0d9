namespace TenantSite.Data.Entities;

/// <summary>
/// What a plan allows, as the database enforces it (its triggers read this table). Written by <c>migrate</c> from
/// <c>Billing:Plans</c>; null means unlimited.
/// </summary>
public sealed class PlanLimit
{
    public required string Plan { get; init; }
    public int? MaxProjects { get; set; }
    public int? MaxMembers { get; set; }
}
