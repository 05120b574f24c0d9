using TenantSite.Tenancy;

namespace TenantSite.Auth;

/// <summary>
/// Where sign-in and sign-out may send a browser afterwards: a local path, or an http(s) URL on the root domain or
/// one of its subdomains (a tenant's host). Anything else falls back to "/", so there is no open redirect.
/// </summary>
public sealed class ReturnUrls(RootDomain root)
{
    public string Sanitize(string? url)
    {
        if (string.IsNullOrEmpty(url)) return "/";
        if (IsLocalPath(url)) return url;
        return Uri.TryCreate(url, UriKind.Absolute, out var uri)
               && uri.Scheme is "http" or "https"
               && string.IsNullOrEmpty(uri.UserInfo)
               && root.Contains(new HostString(uri.Authority))
            ? uri.AbsoluteUri
            : "/";
    }

    // "/x" but not "//evil" or "/\evil" (browsers treat both as scheme-relative URLs).
    private static bool IsLocalPath(string url) =>
        url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Contains('\\') && !url.Any(char.IsControl);
}
