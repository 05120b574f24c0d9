namespace TenantSite.Auth;

/// <summary>One of the signed-in user's memberships, as the switcher and the authorization handlers see it.</summary>
public sealed record Membership(Guid OrganizationId, string Slug, string Name, string Role);
