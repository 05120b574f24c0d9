using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Context of a redirect to the provider (authorization or end-session request). The app may change
/// <see cref="ProtocolMessage"/> (add <c>prompt</c>, <c>login_hint</c>, <c>acr_values</c>, ...) or take
/// over the response with <see cref="HandleResponse"/>.
/// </summary>
public sealed class OidcRedirectContext : PropertiesContext<OidcOptions>
{
    /// <summary>Creates the context.</summary>
    public OidcRedirectContext(
        HttpContext context,
        AuthenticationScheme scheme,
        OidcOptions options,
        AuthenticationProperties properties,
        OpenIdConnectMessage protocolMessage)
        : base(context, scheme, options, properties)
    {
        ProtocolMessage = protocolMessage;
    }

    /// <summary>
    /// The request about to be sent. The handler sets <c>state</c> after the event, from
    /// <see cref="PropertiesContext{TOptions}.Properties"/>.
    /// </summary>
    public OpenIdConnectMessage ProtocolMessage { get; set; }

    /// <summary>True when the app has written the response itself.</summary>
    public bool Handled { get; private set; }

    /// <summary>Tells the handler to skip its redirect: the app has written the response.</summary>
    public void HandleResponse() => Handled = true;
}
