namespace TenantSite.Auth;

/// <summary>Claim types the app adds to the signed-in principal.</summary>
public static class TenantSiteClaims
{
    /// <summary>users.id of the signed-in user, added when the user is provisioned at sign-in.</summary>
    public const string UserId = "tenantsite:uid";
}
