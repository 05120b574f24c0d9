using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TenantSite.Auth;

/// <summary>
/// Short codes for why a sign-in failed, carried to <c>/signin/error</c>: safe in a URL, never a token or a provider's
/// free text. A provider's own error code (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6) passes through when well-formed.
/// </summary>
public static partial class SignInErrors
{
    public const string AccessDenied = "access_denied";
    public const string InvalidState = "invalid_state";
    public const string InvalidResponse = "invalid_response";
    public const string InvalidToken = "invalid_token";
    public const string ProviderUnreachable = "provider_unreachable";
    public const string ProviderError = "provider_error";
    public const string NotConfigured = "not_configured";
    public const string InvalidHandoff = "invalid_handoff";
    public const string Failed = "signin_failed";

    /// <summary>The code for a failure the handler (or <see cref="OidcSignInEvents"/>) reported.</summary>
    public static string Classify(Exception? failure) => failure switch
    {
        SignInRejectedException rejected => rejected.Error,
        // The provider answered with an error: at the authorization endpoint, or when redeeming the code.
        OpenIdConnectProtocolException { Data: var data } when data["error"] is string error =>
            ErrorCode().IsMatch(error) ? error : ProviderError,
        // Nonce, at_hash, azp, userinfo about another subject; signature, issuer, audience, lifetime, not a JWT.
        OpenIdConnectProtocolException or SecurityTokenException or SecurityTokenArgumentException => InvalidToken,
        // State missing, unreadable (forged, another key ring) or not correlated with this browser (replayed, expired).
        AuthenticationFailureException => InvalidState,
        HttpRequestException or TaskCanceledException => ProviderUnreachable,
        // IDX20803: the configuration manager could not read the provider's discovery document or keys.
        InvalidOperationException { Message: var message } when message.StartsWith("IDX20803", StringComparison.Ordinal) =>
            ProviderUnreachable,
        _ => Failed,
    };

    /// <summary>
    /// True for what a challenge may meet before the browser leaves: the provider's discovery document unreachable or
    /// unreadable, or its refusal of the pushed authorization request (RFC 9126).
    /// </summary>
    public static bool IsProviderRefusal(Exception failure) => Classify(failure) != Failed;

    /// <summary>
    /// The errors a <c>prompt=none</c> request gets when the user must see the provider: retry interactively.
    /// </summary>
    public static bool NeedsInteraction(string error) =>
        error is "login_required" or "interaction_required" or "consent_required" or "account_selection_required";

    [GeneratedRegex("^[a-z0-9_.-]{1,64}$")]
    private static partial Regex ErrorCode();
}

/// <summary>A sign-in refused by TenantSite's own rules (not the handler's), with its <see cref="SignInErrors"/> code.</summary>
public sealed class SignInRejectedException(string error, string message) : Exception(message)
{
    public string Error { get; } = error;
}
