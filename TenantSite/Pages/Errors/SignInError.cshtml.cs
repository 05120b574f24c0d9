using TenantSite.Auth;

namespace TenantSite.Pages.Errors;

/// <summary>Where every failed sign-in ends: a plain explanation and a retry link; never a token or a stack trace.</summary>
public sealed class SignInError(ReturnUrls returnUrls) : PageModel
{
    public string Message { get; private set; } = "";
    public string RetryUrl { get; private set; } = "/signin";

    public void OnGet(string? error, string? returnUrl)
    {
        Message = error switch
        {
            SignInErrors.AccessDenied => "You declined the sign-in, or your account may not use TenantSite.",
            SignInErrors.NotConfigured => "Sign-in is not configured on this server (Oidc:Authority is missing).",
            SignInErrors.ProviderUnreachable => "The identity provider could not be reached. Please try again in a moment.",
            SignInErrors.InvalidState => "The sign-in took too long or was started in another window.",
            SignInErrors.InvalidHandoff =>
                "The sign-in could not be completed on this address: its link was used already, has expired, or was opened in another browser.",
            _ => "The identity provider's answer could not be accepted. Please try again.",
        };
        RetryUrl = "/signin?interactive=true&returnUrl=" + Uri.EscapeDataString(returnUrls.Sanitize(returnUrl));
        Response.StatusCode = StatusCodes.Status400BadRequest;
    }
}
