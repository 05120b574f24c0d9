using Microsoft.AspNetCore.Authentication;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// <see cref="AuthenticationProperties"/> for an OpenID Connect challenge, with typed access to the
/// per-challenge <c>prompt</c>. Use <c>Prompt = "none"</c> for a silent login: when the provider has no
/// session the sign-in fails with <see cref="OidcErrors.LoginRequired"/> instead of showing a login page.
/// </summary>
public class OidcChallengeProperties : AuthenticationProperties
{
    /// <summary>Creates empty challenge properties.</summary>
    public OidcChallengeProperties()
    {
    }

    /// <summary>Creates challenge properties over existing items.</summary>
    public OidcChallengeProperties(IDictionary<string, string?> items)
        : base(items)
    {
    }

    /// <summary>
    /// The <c>prompt</c> parameter (<c>none</c>, <c>login</c>, <c>consent</c>, <c>select_account</c>).
    /// Stored in <see cref="AuthenticationProperties.Items"/> under <see cref="OidcDefaults.PromptItem"/>,
    /// so plain properties carrying that item work the same.
    /// </summary>
    public string? Prompt
    {
        get => GetString(OidcDefaults.PromptItem);
        set => SetString(OidcDefaults.PromptItem, value);
    }
}
