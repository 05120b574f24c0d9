using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using TenantSite.Security;

namespace TenantSite.Auth;

/// <summary>
/// <c>/signin</c> and <c>/signout</c> answer on every host (root and tenant), at the host's root path, so the
/// provider sees one redirect URI per host whatever the mode (<c>/org/{slug}</c> is never part of it).
/// </summary>
public static class AuthEndpoints
{
    /// <summary>Where every sign-in starts, on every host.</summary>
    public const string SignInPath = "/signin";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, SignIn);
        endpoints.MapPost("/signout", SignOut);
        return endpoints;
    }

    /// <summary>
    /// The paths a sign-in or sign-out passes through here: <see cref="SignInPath"/> and the provider's callbacks,
    /// which the OpenID Connect handler answers inside <c>UseAuthentication</c>, before any endpoint runs.
    /// </summary>
    public static PathString[] SignInFlowPaths(IServiceProvider services)
    {
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSignIn.Scheme);
        return [SignInPath, oidc.CallbackPath, oidc.SignedOutCallbackPath];
    }

    // Silent first (prompt=none): a user already signed in at the provider — e.g. on another host — gets this
    // host's session without seeing anything; without a provider session OidcSignInEvents comes back here
    // with interactive=true and the provider shows its login page.
    private static async Task SignIn(HttpContext context, ReturnUrls returnUrls, string? returnUrl, bool interactive = false)
    {
        var target = returnUrls.Sanitize(returnUrl);
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.Redirect(target);
            return;
        }
        if (!await HasProviderAsync(context))
        {
            context.Response.Redirect("/signin/error?error=" + SignInErrors.NotConfigured);
            return;
        }
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = target };
        if (!interactive) properties.Prompt = "none";
        try
        {
            await context.ChallengeAsync(OidcSignIn.Scheme, properties);
        }
        catch (Exception ex) when (SignInErrors.Classify(ex) == SignInErrors.ProviderUnreachable)
        {
            context.Response.Redirect($"/signin/error?error={SignInErrors.ProviderUnreachable}&returnUrl={Uri.EscapeDataString(target)}");
        }
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery, SessionRevocations revocations)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            context.Reject(StatusCodes.Status400BadRequest, RequestRejections.FormExpired);
            return Results.Empty;
        }

        // Not the request's token: a client that goes away mid-sign-out must not keep the session alive elsewhere.
        if (context.User.FindFirst("sid")?.Value is { } sid) await revocations.RevokeAsync(sid, CancellationToken.None);
        if (context.User.Identity?.IsAuthenticated == true && await ProviderCanEndSessionAsync(context))
        {
            // First, while the cookie (and its id_token for id_token_hint) is still readable: redirects to the
            // provider's end_session_endpoint, which comes back through /signout-callback-oidc to "/".
            await context.SignOutAsync(OidcSignIn.Scheme, new AuthenticationProperties { RedirectUri = "/" });
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return context.Response.StatusCode is >= 300 and < 400 ? Results.Empty : Results.Redirect("/");
    }

    private static async Task<bool> HasProviderAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OidcSignIn.Scheme) is not null;

    // Without an end_session_endpoint (Google has none) or while the provider is unreachable the sign-out is local;
    // the sid revocation still ends the sign-in on every host.
    private static async Task<bool> ProviderCanEndSessionAsync(HttpContext context)
    {
        if (!await HasProviderAsync(context)) return false;
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSignIn.Scheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
            return !string.IsNullOrEmpty(configuration.EndSessionEndpoint);
        }
        catch (Exception ex) when (SignInErrors.Classify(ex) == SignInErrors.ProviderUnreachable)
        {
            return false;
        }
    }
}
