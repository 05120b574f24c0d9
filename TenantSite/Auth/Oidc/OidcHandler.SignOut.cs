using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

public partial class OidcHandler
{
    /// <summary>
    /// RP-initiated logout: redirects to the provider's <c>end_session_endpoint</c> with
    /// <c>id_token_hint</c>, <c>client_id</c>, <c>post_logout_redirect_uri</c> (this host's
    /// <see cref="OidcOptions.SignedOutCallbackPath"/>) and a protected <c>state</c> carrying
    /// <see cref="AuthenticationProperties.RedirectUri"/>. Without an end-session endpoint (or without
    /// discovery) it does nothing: the caller has signed out of the local cookie already.
    /// </summary>
    public virtual async Task SignOutAsync(AuthenticationProperties? properties)
    {
        var target = ResolveTarget(Options.ForwardSignOut);
        if (target is not null)
        {
            await Context.SignOutAsync(target, properties);
            return;
        }

        properties ??= new AuthenticationProperties();
        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await GetConfigurationAsync();
        }
        catch (OidcException ex)
        {
            Logger.SignOutLocalOnly(ex.Message);
            return;
        }
        if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
        {
            Logger.NoEndSessionEndpoint();
            return;
        }

        var message = new OpenIdConnectMessage
        {
            EnableTelemetryParameters = false,
            IssuerAddress = configuration.EndSessionEndpoint,
            ClientId = Options.ClientId,
            IdTokenHint = properties.GetTokenValue(OidcDefaults.IdTokenName) ?? await GetIdTokenFromSignInAsync(),
            PostLogoutRedirectUri = BuildRedirectUri(Options.SignedOutCallbackPath),
        };

        // The state carries only the return target (never the caller's properties, which may hold tokens),
        // marked so it cannot be mistaken for a sign-in state and vice versa.
        var state = new AuthenticationProperties { RedirectUri = properties.RedirectUri ?? OriginalPathBase + "/" };
        state.Items[OidcDefaults.SignOutItem] = "1";

        var context = new OidcRedirectContext(Context, Scheme, Options, state, message);
        await Events.RedirectToIdentityProviderForSignOut(context);
        if (context.Handled)
        {
            return;
        }
        message = context.ProtocolMessage;
        message.State = Options.StateDataFormat.Protect(context.Properties);

        Logger.RedirectingToEndSession(string.IsNullOrEmpty(message.IdTokenHint) ? "absent" : "present");
        Response.Redirect(message.CreateLogoutRequestUrl());
    }

    // The id_token was stored in the sign-in cookie's properties; the request still carries that cookie
    // even if the app has already called SignOutAsync on the cookie scheme in this request.
    private async Task<string?> GetIdTokenFromSignInAsync()
    {
        if (string.IsNullOrEmpty(SignInScheme))
        {
            return null;
        }
        var result = await Context.AuthenticateAsync(SignInScheme);
        return result.Properties?.GetTokenValue(OidcDefaults.IdTokenName);
    }

    /// <summary>
    /// Answers <see cref="OidcOptions.SignedOutCallbackPath"/>: redirects to the RedirectUri the app put in
    /// the protected sign-out state, or to the app root when the state is absent or unreadable.
    /// </summary>
    protected virtual Task<bool> HandleSignedOutCallbackAsync()
    {
        var target = OriginalPathBase + "/";
        var state = Request.Query["state"];
        if (state.Count == 1 && Options.StateDataFormat.Unprotect(state.ToString()) is { } properties &&
            properties.Items.ContainsKey(OidcDefaults.SignOutItem) && !string.IsNullOrEmpty(properties.RedirectUri))
        {
            // Put there by the app at sign-out and protected since: not an open redirect.
            target = properties.RedirectUri;
        }
        Response.Redirect(target);
        return Task.FromResult(true);
    }
}
