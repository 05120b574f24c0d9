using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// The default <see cref="RemoteAuthenticationEvents.OnRemoteFailure"/>: redirects to
/// <see cref="OidcOptions.ErrorPath"/> with a short <c>error</c> code and, when known and local, the
/// <c>returnUrl</c> the user was going to. An app that overrides the event can call it as a fallback.
/// </summary>
public static class OidcFailureRedirect
{
    /// <summary>Redirects to the error path and marks the failure as handled (no 500, no stack trace).</summary>
    public static Task RedirectToErrorPathAsync(RemoteFailureContext context)
    {
        var errorPath = (context.Options as OidcOptions)?.ErrorPath ?? new OidcOptions().ErrorPath;
        var query = new Dictionary<string, string?>
        {
            [OidcDefaults.ErrorParameter] = (context.Failure as OidcException)?.Error ?? OidcErrors.SignInFailed,
        };

        // Only a local path goes back into the URL: the error page must not become an open redirect.
        var returnUrl = context.Properties?.RedirectUri;
        if (OidcUrl.IsLocal(returnUrl))
        {
            query[OidcDefaults.ReturnUrlParameter] = returnUrl;
        }

        context.Response.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + errorPath, query));
        context.HandleResponse();
        return Task.CompletedTask;
    }
}
