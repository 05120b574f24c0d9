namespace TenantSite.Data.Entities;

/// <summary>
/// An ended sign-in: the session family id (<see cref="UserSession.FamilyId"/>) that no cookie may carry any more, on
/// any host of any instance. Belongs to no tenant (outside RLS). Kept until <see cref="ExpiresAt"/>, when every cookie
/// of the family has expired by itself.
/// </summary>
public sealed class SessionRevocation
{
    public required string SessionId { get; init; }
    public DateTimeOffset RevokedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
