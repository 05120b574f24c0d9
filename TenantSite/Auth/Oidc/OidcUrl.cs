namespace TenantSite.Auth.Oidc;

/// <summary>URL checks for redirects the handler builds from values it did not choose itself.</summary>
internal static class OidcUrl
{
    /// <summary>
    /// True for an app-relative path (<c>/x</c>), false for absolute URLs and for the forms browsers read
    /// as another host (<c>//evil</c>, <c>/\evil</c>) or that hide control characters.
    /// </summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\'))
        {
            return false;
        }
        return !url.Any(char.IsControl);
    }
}
