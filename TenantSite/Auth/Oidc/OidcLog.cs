using Microsoft.Extensions.Logging;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// The handler's log messages. None takes a token, code, state or secret as a parameter: sign-in
/// secrets never reach a log sink, whatever its level.
/// </summary>
internal static partial class OidcLog
{
    [LoggerMessage(1, LogLevel.Debug, "Redirecting to the authorization endpoint (response_mode={ResponseMode}, prompt={Prompt}).")]
    public static partial void RedirectingToAuthorization(this ILogger logger, string responseMode, string? prompt);

    [LoggerMessage(2, LogLevel.Information, "OpenID Connect sign-in failed: {Error}. {Reason}")]
    public static partial void SignInFailed(this ILogger logger, string error, string reason);

    [LoggerMessage(3, LogLevel.Error, "Unexpected {ExceptionType} during OpenID Connect sign-in, thrown at {Origin}.")]
    public static partial void SignInCrashed(this ILogger logger, string exceptionType, string origin);

    [LoggerMessage(4, LogLevel.Information, "The id_token's signing key is unknown; refreshing the provider's keys (at most once per {RefreshInterval}).")]
    public static partial void RefreshingSigningKeys(this ILogger logger, TimeSpan refreshInterval);

    [LoggerMessage(5, LogLevel.Warning, "The provider's configuration is unavailable; signing out locally only. {Reason}")]
    public static partial void SignOutLocalOnly(this ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Debug, "The provider has no end_session_endpoint; signing out locally only.")]
    public static partial void NoEndSessionEndpoint(this ILogger logger);

    [LoggerMessage(7, LogLevel.Debug, "Redirecting to the end_session_endpoint (id_token_hint {HintPresence}).")]
    public static partial void RedirectingToEndSession(this ILogger logger, string hintPresence);

    [LoggerMessage(8, LogLevel.Warning, "OpenID Connect challenge failed: {Error}. {Reason}")]
    public static partial void ChallengeFailed(this ILogger logger, string error, string reason);
}
