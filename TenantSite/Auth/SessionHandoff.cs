using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using TenantSite.Tenancy;

namespace TenantSite.Auth;

/// <summary>
/// Hands a sign-in made on the root domain to a host its cookie cannot reach (a single-label root such as
/// <c>localhost</c>; later, custom domains). The host first sets a random binding cookie and names its hash to the
/// root; the root answers with a one-time code for that host and that binding; the host redeems it into a session of
/// its own, a child of the sign-in. A code that leaks works nowhere else, in no other browser, once, for a minute.
/// </summary>
public static class SessionHandoff
{
    /// <summary>Where a host redeems a code.</summary>
    public const string Path = "/signin/handoff";

    /// <summary>The host-only cookie that binds a handoff to the browser that asked for it.</summary>
    public const string BindingCookie = "tenantsite.handoff";

    private static readonly TimeSpan BindingLifetime = TimeSpan.FromMinutes(10);

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of a secret: what the database keeps and what a URL may carry.</summary>
    public static byte[] Hash(string secret) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret));

    /// <summary>Sets a fresh binding cookie on this host and returns its hash, for the root to bind the code to.</summary>
    public static string Bind(HttpContext http)
    {
        var secret = NewSecret();
        http.Response.Cookies.Append(BindingCookie, secret, new CookieOptions
        {
            Path = Path, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = BindingLifetime,
            IsEssential = true,
        });
        return WebEncoders.Base64UrlEncode(Hash(secret));
    }

    /// <summary>A binding hash as a URL carries it, or null when it is not one.</summary>
    public static byte[]? ParseBinding(string? value)
    {
        if (value is not { Length: 43 }) return null;
        try
        {
            return WebEncoders.Base64UrlDecode(value) is { Length: 32 } hash ? hash : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary><c>GET /signin/handoff?code=…</c>: the code becomes this host's session, and the browser goes where it was going.</summary>
    public static async Task Redeem(HttpContext http, UserSessions sessions, string? code)
    {
        var binding = http.Request.Cookies[BindingCookie];
        http.Response.Cookies.Delete(BindingCookie, new CookieOptions { Path = Path, Secure = http.Request.IsHttps });
        var redeemed = code is { Length: > 0 and <= 64 } && binding is { Length: > 0 and <= 64 }
            ? await sessions.RedeemHandoffAsync(code, Hash(binding), http, http.RequestAborted)
            : null;
        if (redeemed is null)
        {
            http.Response.Redirect("/signin/error?error=" + SignInErrors.InvalidHandoff);
            return;
        }
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, "name", "role");
        identity.AddClaim(new Claim(TenantSiteClaims.UserId, redeemed.UserId.ToString()));
        identity.AddClaim(new Claim(TenantSiteClaims.Session, redeemed.SessionId.ToString()));
        identity.AddClaim(new Claim(TenantSiteClaims.SessionFamily, redeemed.FamilyId.ToString()));
        if (redeemed.Email is { } email) identity.AddClaim(new Claim("email", email));
        if (redeemed.Name is { } name) identity.AddClaim(new Claim("name", name));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        http.Response.Redirect(LocalTarget(http, redeemed.ReturnUrl));
    }

    // The code was made for this host, and so was its return URL; only its path and query are followed, to be sure.
    private static string LocalTarget(HttpContext http, string returnUrl) =>
        Uri.TryCreate(returnUrl, UriKind.Absolute, out var uri) &&
        string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)
            ? uri.PathAndQuery
            : "/";

    /// <summary>True when a session on the root cannot reach <paramref name="host"/> by its cookie, so it must be handed over.</summary>
    public static bool IsNeeded(RootDomain root, HostString host) =>
        !root.IsRoot(host) && (AuthExtensions.SharedCookieDomain(root.Domain) is null || root.SubdomainOf(host) is null);
}
