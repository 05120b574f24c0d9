using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Context of <see cref="OidcEvents.OnTokenValidated"/>: the id_token has been fully validated and the
/// principal built. The app provisions its user here and may replace or augment
/// <see cref="RemoteAuthenticationContext{TOptions}.Principal"/>, or reject the sign-in with
/// <see cref="RemoteAuthenticationContext{TOptions}.Fail(string)"/> (throw an <see cref="OidcException"/>
/// into <c>Fail</c> to choose the error code; otherwise it is <see cref="OidcErrors.SignInRejected"/>).
/// </summary>
public sealed class OidcTokenValidatedContext : RemoteAuthenticationContext<OidcOptions>
{
    /// <summary>Creates the context.</summary>
    public OidcTokenValidatedContext(
        HttpContext context,
        AuthenticationScheme scheme,
        OidcOptions options,
        ClaimsPrincipal principal,
        AuthenticationProperties properties,
        JsonWebToken idToken)
        : base(context, scheme, options, properties)
    {
        Principal = principal;
        IdToken = idToken;
    }

    /// <summary>The validated id_token (its claims use their JWT names: <c>sub</c>, <c>iss</c>, <c>sid</c>, ...).</summary>
    public JsonWebToken IdToken { get; }
}
