using Microsoft.AspNetCore.Authentication;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Hooks into the OpenID Connect relying party. By default a failed sign-in redirects to
/// <see cref="OidcOptions.ErrorPath"/> (see <see cref="OidcFailureRedirect"/>); replace
/// <see cref="RemoteAuthenticationEvents.OnRemoteFailure"/> to do otherwise.
/// </summary>
public class OidcEvents : RemoteAuthenticationEvents
{
    /// <summary>Creates the events with the default failure redirect.</summary>
    public OidcEvents()
    {
        // The base default lets the failure escape as an exception (a 500); a sign-in failure is a normal
        // outcome (user cancelled, silent login found no session), so the default is a redirect.
        OnRemoteFailure = OidcFailureRedirect.RedirectToErrorPathAsync;
    }

    /// <summary>Invoked before redirecting to the authorization endpoint (add <c>prompt</c>, <c>login_hint</c>, ...).</summary>
    public Func<OidcRedirectContext, Task> OnRedirectToIdentityProvider { get; set; } = _ => Task.CompletedTask;

    /// <summary>Invoked before redirecting to the end-session endpoint.</summary>
    public Func<OidcRedirectContext, Task> OnRedirectToIdentityProviderForSignOut { get; set; } = _ => Task.CompletedTask;

    /// <summary>
    /// Invoked after the id_token is validated and before sign-in: provision the user, add the app's
    /// claims, replace the principal or reject the sign-in.
    /// </summary>
    public Func<OidcTokenValidatedContext, Task> OnTokenValidated { get; set; } = _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnRedirectToIdentityProvider"/>.</summary>
    public virtual Task RedirectToIdentityProvider(OidcRedirectContext context) => OnRedirectToIdentityProvider(context);

    /// <summary>Invokes <see cref="OnRedirectToIdentityProviderForSignOut"/>.</summary>
    public virtual Task RedirectToIdentityProviderForSignOut(OidcRedirectContext context) =>
        OnRedirectToIdentityProviderForSignOut(context);

    /// <summary>Invokes <see cref="OnTokenValidated"/>.</summary>
    public virtual Task TokenValidated(OidcTokenValidatedContext context) => OnTokenValidated(context);
}
