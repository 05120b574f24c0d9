namespace TenantSite.Auth;

/// <summary>Claim types the app adds to the signed-in principal.</summary>
public static class TenantSiteClaims
{
    /// <summary>users.id of the signed-in user, added when the user is provisioned at sign-in.</summary>
    public const string UserId = "tenantsite:uid";

    /// <summary>user_sessions.id of the cookie's own session (one host's).</summary>
    public const string Session = "tenantsite:session";

    /// <summary>The sign-in the session belongs to (user_sessions.family_id): ending it ends the session on every host.</summary>
    public const string SessionFamily = "tenantsite:family";

    /// <summary>api_keys.id of the key that authenticated an API request (<c>ApiKeyAuthentication</c>).</summary>
    public const string ApiKeyId = "tenantsite:key";

    /// <summary>The organization that owns that key: the only one the request may act for.</summary>
    public const string ApiKeyOrganizationId = "tenantsite:key_org";

    /// <summary>The key's role (member or viewer), which grants its permissions.</summary>
    public const string ApiKeyRole = "tenantsite:key_role";
}
