using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using TenantSite.Auth.Oidc;

namespace TenantSite.Auth;

/// <summary>
/// <c>/signin</c> and <c>/signout</c> answer on every host (root and tenant), at the host's root path, so the
/// provider sees one redirect URI per host whatever the mode (<c>/org/{slug}</c> is never part of it).
/// </summary>
public static class AuthEndpoints
{
    public const string OidcScheme = "oidc";

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/signin", SignIn);
        endpoints.MapPost("/signout", SignOut);
        return endpoints;
    }

    // Silent first (prompt=none): a user already signed in at the provider — e.g. on another host — gets this
    // host's session without seeing anything; without a provider session the failure handler comes back here
    // with interactive=1 and the provider shows its login page.
    private static async Task SignIn(HttpContext context, ReturnUrls returnUrls, string? returnUrl, bool interactive = false)
    {
        var target = returnUrls.Sanitize(returnUrl);
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Response.Redirect(target);
            return;
        }
        if (await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OidcScheme) is null)
        {
            context.Response.Redirect("/signin/error?error=not_configured");
            return;
        }
        var properties = new OidcChallengeProperties { RedirectUri = target };
        if (!interactive) properties.Prompt = "none";
        await context.ChallengeAsync(OidcScheme, properties);
    }

    private static async Task<IResult> SignOut(HttpContext context, IAntiforgery antiforgery, SessionRevocations revocations)
    {
        if (!await antiforgery.IsRequestValidAsync(context)) return Results.BadRequest();

        if (context.User.FindFirst("sid")?.Value is { } sid) revocations.Revoke(sid);
        var viaProvider = context.User.Identity?.IsAuthenticated == true &&
            await context.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(OidcScheme) is not null;
        if (viaProvider)
        {
            // First, while the cookie (and its id_token for id_token_hint) is still readable: redirects to the
            // provider's end_session_endpoint when it has one, otherwise does nothing (local sign-out only).
            await context.SignOutAsync(OidcScheme, new AuthenticationProperties { RedirectUri = "/" });
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return context.Response.StatusCode is >= 300 and < 400 ? Results.Empty : Results.Redirect("/");
    }
}
