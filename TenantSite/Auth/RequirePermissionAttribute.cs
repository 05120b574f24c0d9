namespace TenantSite.Auth;

/// <summary>
/// Requires a permission for a page (on the class) or for one handler (on an <c>OnPost…</c> method). Razor Pages
/// cannot put [Authorize] on handler methods, so <see cref="PermissionPageFilter"/> enforces this one.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class RequirePermissionAttribute(string permission) : Attribute
{
    public string Permission { get; } = permission;
}
