namespace TenantSite.Data.Entities;

/// <summary>
/// A signed-out sign-in: the provider's session id (<c>sid</c>) that no cookie may carry any more, on any host of any
/// instance. Belongs to no tenant (outside RLS). Kept until <see cref="ExpiresAt"/>, when every cookie that carried the
/// sid has expired by itself.
/// </summary>
public sealed class SessionRevocation
{
    public required string Sid { get; init; }
    public DateTimeOffset RevokedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
