using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Builds the correlation cookie: scoped to the callback path, lives as long as a remote sign-in may
/// take, and picks its SameSite mode from the request scheme.
/// </summary>
internal sealed class OidcCorrelationCookieBuilder(OidcOptions options) : RequestPathBaseCookieBuilder
{
    protected override string AdditionalPath => options.CallbackPath;

    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var cookie = base.Build(context, expiresFrom);
        if (!Expiration.HasValue || !cookie.Expires.HasValue)
        {
            cookie.Expires = expiresFrom.Add(options.RemoteAuthenticationTimeout);
        }

        // https: SameSite=None; Secure, so the provider's cross-site form_post carries it back.
        // http (development): browsers reject SameSite=None without Secure (Chromium since v80), so the
        // cookie is Lax. A Lax cookie rides on a cross-site top-level GET but not on a cross-site POST
        // (http://127.0.0.1:5556 → http://acme.localhost:5000 is cross-site), hence the handler asks for
        // response_mode=query whenever this cookie is not SameSite=None.
        if (cookie.SameSite == SameSiteMode.None && !cookie.Secure)
        {
            cookie.SameSite = SameSiteMode.Lax;
        }

        return cookie;
    }
}
