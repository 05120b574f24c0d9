namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// Who sends a request: anonymous (no user), a user with <see cref="Role"/> in the tenant under test (null: not a
/// member of it), or an API client with <see cref="ApiKey"/>, whose <see cref="Role"/> is the key's (null: another
/// organization's key). <see cref="Organizations"/> are all the user or key belongs to: their names are theirs to see.
/// </summary>
public sealed record Actor(string Name, Guid? UserId, string? Role, IReadOnlySet<Guid> Organizations, string? ApiKey = null)
{
    public bool SignedIn => UserId is not null;

    public override string ToString() => Name;
}
