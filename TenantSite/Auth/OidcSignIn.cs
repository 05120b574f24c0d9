using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth;

/// <summary>
/// Sign-in with any OpenID Connect provider through ASP.NET Core's own handler: authorization code with PKCE, nonce
/// and state, discovery and signing keys from <c>Oidc:Authority</c>. What is ours is policy, in
/// <see cref="OidcSignInEvents"/>.
/// </summary>
public static class OidcSignIn
{
    /// <summary>The provider's authentication scheme: the target of challenges and of the provider sign-out.</summary>
    public const string Scheme = "oidc";

    // Asymmetric only: with an HMAC algorithm the provider's public key could be used as a shared secret.
    private static readonly string[] SigningAlgorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    // What userinfo may add: the handler's standard set plus preferred_username (the name's fallback) and
    // email_verified (an email that came from userinfo is vouched for, or not, there).
    private static readonly string[] ProfileClaims =
        ["sub", "name", "given_name", "family_name", "profile", "email", "email_verified", "preferred_username"];

    /// <summary>True when <c>Oidc:Authority</c> is set; without it the app serves pages but nobody can sign in.</summary>
    public static bool IsConfigured(IConfiguration configuration) => configuration["Oidc:Authority"] is { Length: > 0 };

    /// <summary>
    /// Adds the <see cref="Scheme"/> handler from the <c>Oidc</c> section: <c>Authority</c>, <c>ClientId</c>,
    /// <c>ClientSecret</c>, <c>Scopes</c> (space-separated, default <c>openid profile email</c>),
    /// <c>RequireHttpsMetadata</c> (default true; false only for an http provider in development),
    /// <c>EmailsAlwaysVerified</c> (see <see cref="ProviderTrust"/>) and <c>BackchannelConnectTo</c> (see
    /// <see cref="BackchannelConnectTo"/>; containers only).
    /// </summary>
    public static AuthenticationBuilder AddOidcSignIn(this AuthenticationBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection("Oidc");
        // After a sign-in meets an unknown signing key, the handler asks for fresh keys and OidcSignInEvents retries
        // once. IdentityModel refreshes in the background by default, so the retry could still see the old keys; a
        // blocking refresh costs one request a wait, about twice a day (https://aka.ms/identitymodel/app-context-switches).
        AppContext.SetSwitch("Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking", true);
        builder.Services.AddScoped<OidcSignInEvents>();
        builder.Services.AddScoped<UserProvisioning>();
        builder.Services.AddSingleton(new ProviderTrust(section.GetValue("EmailsAlwaysVerified", false)));
        // A misconfigured provider (an http authority, no openid scope) stops the start instead of the first sign-in.
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme)
            .Validate(o => o.Scope.Contains("openid"), "Oidc:Scopes must contain 'openid': without it there is no id_token.")
            .ValidateOnStart();
        builder.Services.Configure<CookiePolicyOptions>(o =>
        {
            o.OnAppendCookie = context => SameSiteNoneNeedsSecure(context.CookieOptions);
            o.OnDeleteCookie = context => SameSiteNoneNeedsSecure(context.CookieOptions);
        });

        return builder.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = section["Authority"];
            o.ClientId = section["ClientId"];
            o.ClientSecret = section["ClientSecret"];
            o.RequireHttpsMetadata = section.GetValue("RequireHttpsMetadata", true);
            o.Scope.Clear();
            foreach (var scope in (section["Scopes"] ?? "openid profile email").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                o.Scope.Add(scope);

            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.GetClaimsFromUserInfoEndpoint = true; // several providers put email and name only there
            o.MapInboundClaims = false; // claim types stay sub, email, name, sid (not WS-* URIs)
            o.SaveTokens = false; // only the id_token is kept, by OidcSignInEvents
            o.DisableTelemetry = true; // no x-client-SKU/-ver: they tell every provider our library versions
            // No front-channel logout endpoint: the back-channel one (BackchannelLogout) ends sessions without a browser,
            // and an unused GET that signs users out is only attack surface.
            o.RemoteSignOutPath = PathString.Empty;

            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.RoleClaimType = "role";
            o.TokenValidationParameters.ValidAlgorithms = SigningAlgorithms;
            o.ClaimActions.Remove("iss"); // (iss, sub) is the user's key: keep both
            foreach (var type in ProfileClaims)
            {
                o.ClaimActions.Remove(type);
                o.ClaimActions.Add(new FillMissingClaimAction(type));
            }

            // Over plain http in development these cookies cannot be Secure; the cookie policy above then makes them Lax
            // and OidcSignInEvents asks for response_mode=query, which a Lax cookie survives.
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

            o.BackchannelHttpHandler = new ClientSecretBasicHandler(o)
            {
                InnerHandler = BackchannelConnectTo.Handler(o.Authority, section["BackchannelConnectTo"]),
            };
            o.EventsType = typeof(OidcSignInEvents);
        });
    }

    // Browsers drop a SameSite=None cookie that is not Secure (Chromium since v80): Lax is what it can be instead.
    private static void SameSiteNoneNeedsSecure(CookieOptions cookie)
    {
        if (cookie.SameSite == SameSiteMode.None && !cookie.Secure) cookie.SameSite = SameSiteMode.Lax;
    }
}
