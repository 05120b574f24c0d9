using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Options of the OpenID Connect relying party (authorization code flow with PKCE).
/// </summary>
public class OidcOptions : RemoteAuthenticationOptions
{
    /// <summary>Creates options with the defaults documented on each property.</summary>
    public OidcOptions()
    {
        CallbackPath = new PathString("/signin-oidc");
        Events = new OidcEvents();
        CorrelationCookie = new OidcCorrelationCookieBuilder(this)
        {
            Name = ".AspNetCore.Correlation.",
            HttpOnly = true,
            SameSite = SameSiteMode.None,
            // Follows the request: Secure on https, plain on http in development (otherwise the
            // browser never sends it back and every callback fails correlation).
            SecurePolicy = CookieSecurePolicy.SameAsRequest,
            IsEssential = true,
        };
    }

    /// <summary>The issuer URL; discovery is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>The registered <c>client_id</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>The <c>client_secret</c>; without one the client authenticates with PKCE only (public client).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes requested. Default: <c>openid profile email</c>.</summary>
    public ICollection<string> Scopes { get; } = new List<string> { "openid", "profile", "email" };

    /// <summary>Requires https for the discovery document and keys. Default true; false only in development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Where the provider returns after sign-out (<c>post_logout_redirect_uri</c> on the current host).
    /// Default <c>/signout-callback-oidc</c>.
    /// </summary>
    public PathString SignedOutCallbackPath { get; set; } = new("/signout-callback-oidc");

    /// <summary>
    /// <c>form_post</c> (default) or <c>query</c>. The callback accepts both. Over plain http
    /// <c>form_post</c> becomes <c>query</c>, because the correlation cookie cannot be
    /// <c>SameSite=None</c> without <c>Secure</c> and a cross-site POST does not carry a Lax cookie.
    /// </summary>
    public string ResponseMode { get; set; } = OpenIdConnectResponseMode.FormPost;

    /// <summary>Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c>. Default 2 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Calls the userinfo endpoint to fill claims the id_token lacks. Default false.</summary>
    public bool GetClaimsFromUserInfoEndpoint { get; set; }

    /// <summary>Where a failed sign-in is redirected (with <c>error</c> and <c>returnUrl</c>). Default <c>/signin/error</c>.</summary>
    public PathString ErrorPath { get; set; } = new("/signin/error");

    /// <summary>
    /// Source of the discovery document and signing keys. Created from <see cref="Authority"/> when null.
    /// </summary>
    public IConfigurationManager<OpenIdConnectConfiguration>? ConfigurationManager { get; set; }

    /// <summary>
    /// Minimum time between key refreshes forced by an id_token with an unknown <c>kid</c> (key rotation).
    /// Default 5 minutes; at least 1 second.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = ConfigurationManager<OpenIdConnectConfiguration>.DefaultRefreshInterval;

    /// <summary>How often discovery and keys are re-read in any case. Default 12 hours.</summary>
    public TimeSpan AutomaticRefreshInterval { get; set; } =
        ConfigurationManager<OpenIdConnectConfiguration>.DefaultAutomaticRefreshInterval;

    /// <summary>
    /// Accepted id_token signature algorithms. Asymmetric only: <c>none</c> and HMAC (which would let a
    /// public key act as a shared secret) are never accepted.
    /// </summary>
    public ICollection<string> ValidSigningAlgorithms { get; } = new List<string>
    {
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
    };

    /// <summary>Protects the <c>state</c> parameter (set from data protection when null).</summary>
    public ISecureDataFormat<AuthenticationProperties> StateDataFormat { get; set; } = default!;

    /// <summary>The events raised by the handler.</summary>
    public new OidcEvents Events
    {
        get => (OidcEvents)base.Events;
        set => base.Events = value;
    }

    // One per scheme (options instances are cached per name), like the ConfigurationManager it guards.
    internal OidcKeyRefreshGate KeyRefreshGate { get; } = new();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrEmpty(ClientId))
        {
            throw new InvalidOperationException($"{nameof(OidcOptions)}.{nameof(ClientId)} must be provided.");
        }
        if (ConfigurationManager is null)
        {
            throw new InvalidOperationException(
                $"Provide {nameof(OidcOptions)}.{nameof(Authority)} or {nameof(ConfigurationManager)}.");
        }
        if (!Scopes.Contains("openid"))
        {
            throw new InvalidOperationException($"{nameof(Scopes)} must contain 'openid': without it there is no id_token.");
        }
        if (ResponseMode is not (OpenIdConnectResponseMode.FormPost or OpenIdConnectResponseMode.Query))
        {
            throw new InvalidOperationException($"{nameof(ResponseMode)} must be 'form_post' or 'query'.");
        }
        if (!SignedOutCallbackPath.HasValue || !ErrorPath.HasValue)
        {
            throw new InvalidOperationException($"{nameof(SignedOutCallbackPath)} and {nameof(ErrorPath)} must be set.");
        }
        if (ClockSkew < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{nameof(ClockSkew)} cannot be negative.");
        }
    }
}
