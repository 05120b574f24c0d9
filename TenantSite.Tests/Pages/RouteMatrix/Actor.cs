namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// Who sends a request: anonymous (no user), or a user with <see cref="Role"/> in the tenant under test (null: not a
/// member of it). <see cref="Organizations"/> are all the user belongs to: their names are theirs to see.
/// </summary>
public sealed record Actor(string Name, Guid? UserId, string? Role, IReadOnlySet<Guid> Organizations)
{
    public bool SignedIn => UserId is not null;

    public override string ToString() => Name;
}
