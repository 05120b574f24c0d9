using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using TenantSite.Security;
using TenantSite.Tenancy;

namespace TenantSite.Auth;

/// <summary>
/// Sign-in and sign-out. Every sign-in goes through the root domain, so the provider knows two URIs in all: the root's
/// <c>/signin-oidc</c> and <c>/signout-callback-oidc</c>, whatever the host (subdomain, path mode, custom domain). A
/// sign-in started on another host comes back to it by the shared cookie where one spans the hosts, or else by a
/// <see cref="SessionHandoff"/>.
/// </summary>
public static class AuthEndpoints
{
    /// <summary>Where every sign-in starts, on every host.</summary>
    public const string SignInPath = "/signin";

    // The continuation's binding rides through the provider in the return URL's query: the root's /signin again.
    private const string BindingParameter = "binding";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignInPath, SignIn);
        endpoints.MapGet(SessionHandoff.Path, SessionHandoff.Redeem);
        endpoints.MapPost("/signout", SignOut);
        endpoints.MapPost(BackchannelLogout.Path, BackchannelLogout.Handle).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// The paths a sign-in or sign-out passes through here: <see cref="SignInPath"/>, the handoff, the back-channel
    /// logout, and the provider's callbacks, which the OpenID Connect handler answers inside <c>UseAuthentication</c>.
    /// </summary>
    public static PathString[] SignInFlowPaths(IServiceProvider services)
    {
        var oidc = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSignIn.Scheme);
        return [SignInPath, SessionHandoff.Path, BackchannelLogout.Path, oidc.CallbackPath, oidc.SignedOutCallbackPath];
    }

    // On a host other than the root: go to the root and come back. On the root: silent first (prompt=none), so a user
    // already signed in at the provider gets a session without seeing anything; without a provider session
    // OidcSignInEvents comes back here with interactive=true and the provider shows its login page.
    private static async Task SignIn(HttpContext context, ReturnUrls returnUrls, RootDomain root, UserSessions sessions,
        string? returnUrl, string? binding, bool interactive = false)
    {
        var target = returnUrls.Sanitize(returnUrl);
        // A local path ("/x") parses as an absolute file:// URI on Unix: only an http(s) URL names another host.
        var absolute = target.StartsWith('/') ? null : new Uri(target);
        var targetHost = absolute is null ? context.Request.Host : new HostString(absolute.Authority);
        var here = context.Request.Host;
        if (!HostString.Equals(targetHost, here) && !(root.IsRoot(here) && root.Contains(targetHost)))
        {
            // A sign-in for another host starts there, so that its binding cookie is set where the code is redeemed.
            context.Response.Redirect($"{absolute!.GetLeftPart(UriPartial.Authority)}{SignInPath}?returnUrl={Uri.EscapeDataString(target)}");
            return;
        }
        if (context.User.Identity?.IsAuthenticated == true)
        {
            await ContinueAsync(context, root, sessions, target, targetHost, binding);
            return;
        }
        if (!await HasProviderAsync(context))
        {
            context.Response.Redirect("/signin/error?error=" + SignInErrors.NotConfigured);
            return;
        }
        if (!root.IsRoot(here))
        {
            var full = absolute is null ? $"{context.Request.Scheme}://{here}{target}" : target;
            var query = $"returnUrl={Uri.EscapeDataString(full)}&{BindingParameter}={SessionHandoff.Bind(context)}";
            context.Response.Redirect($"{root.OriginFor(context.Request)}{SignInPath}?{query}" + (interactive ? "&interactive=true" : ""));
            return;
        }
        // A target on this host is where the callback goes; one on another host comes back here first, to be handed over.
        var continuation = HostString.Equals(targetHost, here)
            ? target
            : $"{SignInPath}?returnUrl={Uri.EscapeDataString(target)}" +
              (binding is null ? "" : $"&{BindingParameter}={Uri.EscapeDataString(binding)}");
        var properties = new OpenIdConnectChallengeProperties { RedirectUri = continuation };
        if (!interactive) properties.Prompt = "none";
        try
        {
            await context.ChallengeAsync(OidcSignIn.Scheme, properties);
        }
        catch (Exception ex) when (SignInErrors.IsProviderRefusal(ex))
        {
            // Discovery failed, or the provider refused the pushed authorization request: its reason, not a 500.
            context.Response.Redirect($"/signin/error?error={SignInErrors.Classify(ex)}&returnUrl={Uri.EscapeDataString(target)}");
        }
    }

    // Signed in here: straight on, unless the target's host needs this session handed over.
    private static async Task ContinueAsync(HttpContext context, RootDomain root, UserSessions sessions, string target,
        HostString targetHost, string? binding)
    {
        if (HostString.Equals(targetHost, context.Request.Host) || !SessionHandoff.IsNeeded(root, targetHost) ||
            SessionHandoff.ParseBinding(binding) is not { } bindingHash ||
            !Guid.TryParse(context.User.FindFirst(TenantSiteClaims.SessionFamily)?.Value, out var family))
        {
            // Without a binding the target host asks for one: it sends the browser back here with it.
            context.Response.Redirect(target);
            return;
        }
        var code = await sessions.CreateHandoffAsync(family, targetHost.Value!.ToLowerInvariant(), target, bindingHash,
            context.RequestAborted);
        var origin = new Uri(target).GetLeftPart(UriPartial.Authority);
        context.Response.Redirect(code is null ? target : $"{origin}{SessionHandoff.Path}?code={code}");
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery, SessionRevocations revocations,
        UserSessions sessions, ILoggerFactory logs)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            context.Reject(StatusCodes.Status400BadRequest, RequestRejections.FormExpired);
            return Results.Empty;
        }

        if (Guid.TryParse(context.User.FindFirst(TenantSiteClaims.SessionFamily)?.Value, out var family))
        {
            try
            {
                context.Items[OidcSignInEvents.IdTokenHintItem] = await sessions.IdTokenHintAsync(family, CancellationToken.None);
            }
            catch (Exception ex) when (ex.IsDatabaseUnavailable())
            {
                logs.CreateLogger(typeof(AuthEndpoints)).LogWarning("Signing out without the provider's id_token_hint: {Reason}", ex.Message);
            }
            // Not the request's token: a client that goes away mid-sign-out must not keep the session alive elsewhere.
            await revocations.RevokeAsync(family.ToString(), CancellationToken.None);
        }
        if (context.User.Identity?.IsAuthenticated == true && await ProviderCanEndSessionAsync(context))
        {
            // Redirects to the provider's end_session_endpoint, which comes back through the root's
            // /signout-callback-oidc to the root's home (OidcSignInEvents).
            await context.SignOutAsync(OidcSignIn.Scheme, new AuthenticationProperties { RedirectUri = "/" });
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return context.Response.StatusCode is >= 300 and < 400 ? Results.Empty : Results.Redirect("/");
    }

    private static async Task<bool> HasProviderAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OidcSignIn.Scheme) is not null;

    // Without an end_session_endpoint (Google has none) or while the provider is unreachable the sign-out is local;
    // the revocation still ends the sign-in on every host.
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
