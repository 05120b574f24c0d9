using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TenantSite.Tenancy;

namespace TenantSite.Auth;

/// <summary>
/// TenantSite's policy on top of the OpenID Connect handler: the response mode per scheme, the silent sign-in and its
/// interactive fallback, two checks the handler leaves out, provisioning and the app's own session, the root domain's
/// URIs at sign-out, one silent retry after a signing-key rotation, and failures that end on a friendly page.
/// </summary>
public sealed class OidcSignInEvents(UserProvisioning provisioning, UserSessions sessions, ReturnUrls returnUrls,
    RootDomain root, ILogger<OidcSignInEvents> logger) : OpenIdConnectEvents
{
    /// <summary>The request item that carries the sign-in's id_token to the sign-out (<c>id_token_hint</c>).</summary>
    public const string IdTokenHintItem = "tenantsite.id_token_hint";

    // The request item that carries the id_token from its validation to the session it is stored with.
    private const string IdTokenItem = "tenantsite.id_token";

    // In the protected state: the challenge was silent (prompt=none), so "login_required" means "ask again, visibly".
    private const string SilentItem = "tenantsite.silent";

    // In the protected state: this sign-in already went round once because of an unknown signing key.
    private const string KeyRetryItem = "tenantsite.key-retry";

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        // form_post needs the correlation and nonce cookies on a cross-site POST, so SameSite=None, which browsers keep
        // only when Secure. Over plain http (development) the response comes back by a top-level GET, which carries Lax.
        context.ProtocolMessage.ResponseMode = context.Request.IsHttps
            ? OpenIdConnectResponseMode.FormPost
            : OpenIdConnectResponseMode.Query;
        if (context.ProtocolMessage.Prompt == "none") context.Properties.Items[SilentItem] = "1";
        return Task.CompletedTask;
    }

    public override async Task MessageReceived(MessageReceivedContext context)
    {
        // RFC 9207: a provider that names itself in the response must be the one asked (defence against mix-up).
        if (context.ProtocolMessage.Iss is { Length: > 0 } iss && context.Options.ConfigurationManager is { } discovery)
        {
            var configuration = await discovery.GetConfigurationAsync(context.HttpContext.RequestAborted);
            // Thrown, not context.Fail(...): the handler then keeps the state, and with it the user's return URL.
            if (iss != configuration.Issuer)
                throw new SignInRejectedException(SignInErrors.InvalidResponse, "The authorization response names another issuer.");
        }
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        // The handler accepts an unsigned id_token from the token endpoint (OIDC Core lets TLS stand in for the
        // signature). Every provider we document signs them, and a development provider over http has no TLS.
        if (string.IsNullOrEmpty(context.SecurityToken.RawSignature))
            throw new SignInRejectedException(SignInErrors.InvalidToken, "The id_token is not signed.");
        // No token goes into the cookie: the id_token is kept with the session, for id_token_hint at sign-out; access and
        // refresh tokens are not needed.
        context.HttpContext.Items[IdTokenItem] = context.TokenEndpointResponse?.IdToken;
        return Task.CompletedTask;
    }

    public override async Task TicketReceived(TicketReceivedContext context)
    {
        try
        {
            await provisioning.ProvisionAsync(context.Principal!, context.HttpContext.RequestAborted);
            await sessions.StartAsync((ClaimsIdentity)context.Principal!.Identity!, context.HttpContext,
                context.HttpContext.Items[IdTokenItem] as string, context.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is SignInRejectedException or System.Data.Common.DbException)
        {
            // The handler ignores a failed TicketReceived result: answer here, without signing in.
            logger.LogWarning("Provisioning the user failed ({Failure}).", ex.GetType().Name);
            RedirectToErrorPage(context.Response, SignInErrors.Classify(ex), context.ReturnUri);
            context.HandleResponse();
        }
    }

    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        // The provider knows the root domain's callback only, whichever host the user signed out on; the hint comes
        // from the session's record, as no cookie holds the id_token.
        context.ProtocolMessage.PostLogoutRedirectUri = root.OriginFor(context.Request) + context.Options.SignedOutCallbackPath;
        context.ProtocolMessage.IdTokenHint = context.HttpContext.Items[IdTokenHintItem] as string;
        return Task.CompletedTask;
    }

    public override Task SignedOutCallbackRedirect(RemoteSignOutContext context)
    {
        // The target comes from the protected state, so it is one the app chose; without a readable state (a forged
        // callback, or a provider that drops it) the handler would answer with an empty page: go home instead.
        context.Response.Redirect(context.Properties?.RedirectUri is { Length: > 0 } target ? target : "/");
        context.HandleResponse();
        return Task.CompletedTask;
    }

    public override async Task RemoteFailure(RemoteFailureContext context)
    {
        var error = SignInErrors.Classify(context.Failure);
        var returnUrl = context.Properties?.RedirectUri;
        var items = context.Properties?.Items ?? new Dictionary<string, string?>();
        logger.LogInformation("Sign-in failed: {Error}.", error);

        if (context.Failure is SecurityTokenSignatureKeyNotFoundException && !items.ContainsKey(KeyRetryItem))
        {
            // Signed with a key published after our last look at the provider's keys: the handler has asked for a
            // refresh (rate-limited), so go round once more, silently; the provider's session is seconds old.
            var retry = new OpenIdConnectChallengeProperties { RedirectUri = returnUrls.Sanitize(returnUrl), Prompt = "none" };
            retry.Items[KeyRetryItem] = "1";
            await context.HttpContext.ChallengeAsync(OidcSignIn.Scheme, retry);
        }
        else if (items.ContainsKey(SilentItem) && SignInErrors.NeedsInteraction(error))
        {
            context.Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString(returnUrls.Sanitize(returnUrl))}&interactive=true");
        }
        else
        {
            RedirectToErrorPage(context.Response, error, returnUrl);
        }
        context.HandleResponse(); // a failed sign-in is an answer, not an exception
    }

    // The return URL rides along only when it is one of ours, so the error page never becomes an open redirect.
    private void RedirectToErrorPage(HttpResponse response, string error, string? returnUrl)
    {
        var query = new Dictionary<string, string?> { ["error"] = error };
        if (returnUrl is { Length: > 0 } && returnUrls.Sanitize(returnUrl) == returnUrl) query["returnUrl"] = returnUrl;
        response.Redirect(QueryHelpers.AddQueryString("/signin/error", query));
    }
}
