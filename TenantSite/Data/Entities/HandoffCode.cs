namespace TenantSite.Data.Entities;

/// <summary>
/// A one-time code with which the root domain hands a signed-in session to a host that cannot share its cookie. Only
/// SECURITY DEFINER functions read or write it; the code is stored hashed, bound to its host and to the browser.
/// </summary>
public sealed class HandoffCode
{
    public required byte[] CodeHash { get; init; }
    public Guid FamilyId { get; init; }
    public required string TargetHost { get; init; }
    public required string ReturnUrl { get; init; }
    public required byte[] BindingHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; init; }
}
