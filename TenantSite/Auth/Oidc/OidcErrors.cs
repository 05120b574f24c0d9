namespace TenantSite.Auth.Oidc;

/// <summary>
/// Short, non-sensitive error codes carried by <see cref="OidcException.Error"/> and by the
/// <c>error</c> parameter of the error redirect. Provider errors (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6)
/// are passed through as sent when they look like an error code.
/// </summary>
public static class OidcErrors
{
    /// <summary>The user (or the provider) refused the authorization request.</summary>
    public const string AccessDenied = "access_denied";

    /// <summary>A <c>prompt=none</c> challenge found no session at the provider.</summary>
    public const string LoginRequired = "login_required";

    /// <summary>A <c>prompt=none</c> challenge needs some user interaction at the provider.</summary>
    public const string InteractionRequired = "interaction_required";

    /// <summary>A <c>prompt=none</c> challenge needs the user's consent.</summary>
    public const string ConsentRequired = "consent_required";

    /// <summary>A <c>prompt=none</c> challenge needs the user to pick an account.</summary>
    public const string AccountSelectionRequired = "account_selection_required";

    /// <summary>The provider sent an error that is not a well-formed error code.</summary>
    public const string ProviderError = "provider_error";

    /// <summary>The state is missing, forged, tampered with, expired, replayed or not correlated with this browser.</summary>
    public const string InvalidState = "invalid_state";

    /// <summary>The authorization response is malformed (no code, tokens in the query, issuer mismatch).</summary>
    public const string InvalidResponse = "invalid_response";

    /// <summary>The id_token failed validation (signature, issuer, audience, lifetime, nonce, ...).</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>The code could not be redeemed at the token endpoint (error response or network failure).</summary>
    public const string TokenError = "token_error";

    /// <summary>The userinfo endpoint failed or answered for another subject.</summary>
    public const string UserInfoError = "userinfo_error";

    /// <summary>The provider's discovery document or keys could not be retrieved.</summary>
    public const string DiscoveryError = "discovery_error";

    /// <summary>The application rejected the user in <see cref="OidcEvents.OnTokenValidated"/>.</summary>
    public const string SignInRejected = "signin_rejected";

    /// <summary>Anything else; details are in the logs, not in the URL.</summary>
    public const string SignInFailed = "signin_failed";

    /// <summary>
    /// True for the errors a <c>prompt=none</c> challenge returns when the user must interact:
    /// the app should fall back to an interactive login.
    /// </summary>
    public static bool IsInteractionRequired(string? error) => error is
        LoginRequired or InteractionRequired or ConsentRequired or AccountSelectionRequired;
}
