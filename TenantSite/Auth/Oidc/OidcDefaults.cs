namespace TenantSite.Auth.Oidc;

/// <summary>
/// Names shared by the OpenID Connect relying party: the default scheme, the keys it keeps in
/// <see cref="Microsoft.AspNetCore.Authentication.AuthenticationProperties.Items"/> and the query
/// parameters of the error redirect.
/// </summary>
public static class OidcDefaults
{
    /// <summary>The default authentication scheme name.</summary>
    public const string AuthenticationScheme = "oidc";

    /// <summary>The default display name of the scheme.</summary>
    public const string DisplayName = "OpenID Connect";

    /// <summary>
    /// Properties item holding the <c>prompt</c> to send with a challenge (for example <c>none</c> for a
    /// silent login). It travels in the protected state, so the callback knows what was asked for.
    /// </summary>
    public const string PromptItem = "oidc.prompt";

    /// <summary>Query parameter of the error redirect that carries the short error code.</summary>
    public const string ErrorParameter = "error";

    /// <summary>Query parameter of the error redirect that carries the local URL to retry.</summary>
    public const string ReturnUrlParameter = "returnUrl";

    // Protected-state items: they never leave the server unencrypted and are removed before sign-in.
    internal const string CodeVerifierItem = ".oidc.code_verifier";
    internal const string NonceItem = ".oidc.nonce";
    internal const string RedirectUriItem = ".oidc.redirect_uri";
    internal const string SignOutItem = ".oidc.signout";

    internal const string IdTokenName = "id_token";
}
