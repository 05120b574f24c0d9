namespace TenantSite.Auth.Oidc;

/// <summary>
/// The failure of an OpenID Connect sign-in. <see cref="Exception.Message"/> is safe to log: it never
/// contains tokens, codes or state. The app's <c>OnRemoteFailure</c> reads <see cref="Error"/> and
/// <see cref="Prompt"/> to decide what to do (for example fall back to an interactive login).
/// </summary>
public sealed class OidcException : Exception
{
    /// <summary>Creates a failure with an error code from <see cref="OidcErrors"/> (or a provider error code).</summary>
    public OidcException(string error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Short error code, safe to put in a URL (see <see cref="OidcErrors"/>).</summary>
    public string Error { get; }

    /// <summary>The provider's <c>error_description</c>, if it sent one (provider text: show with care).</summary>
    public string? ErrorDescription { get; init; }

    /// <summary>The <c>prompt</c> that was sent with the challenge that failed, if known.</summary>
    public string? Prompt { get; init; }

    /// <summary>
    /// True when a silent (<c>prompt=none</c>) login failed because the user must interact with the
    /// provider: the app should retry with an interactive challenge.
    /// </summary>
    public bool RequiresInteractiveLogin => Prompt == "none" && OidcErrors.IsInteractionRequired(Error);
}
