namespace TenantSite.Data.Entities;

/// <summary>Membership roles, strongest first.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
    public const string Viewer = "viewer";
    public static readonly string[] All = [Owner, Admin, Member, Viewer];

    /// <summary>True for one of <see cref="All"/>.</summary>
    public static bool IsValid(string? role) => role is not null && All.Contains(role);
}
