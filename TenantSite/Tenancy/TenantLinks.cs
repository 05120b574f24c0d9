namespace TenantSite.Tenancy;

/// <summary>
/// Builds links that cross the tenant boundary (the switcher, "back to the root domain") and keep the request's
/// mode: from a tenant host to another tenant's host, from path mode (or the root domain) to another base path.
/// Links inside one tenant need none of this: PathBase already carries the mode.
/// </summary>
public sealed class TenantLinks(RootDomain root, TenancyOptions options)
{
    /// <summary>An absolute or root-relative URL of <paramref name="path"/> in the tenant <paramref name="slug"/>.</summary>
    public string ForTenant(HttpContext context, string slug, string path = "/")
    {
        path = Normalize(path);
        return InHostMode(context)
            ? $"{context.Request.Scheme}://{slug}.{root.Domain}{Port(context)}{path}"
            : $"/{options.PathPrefix}/{slug}{(path == "/" ? "" : path)}";
    }

    /// <summary>A URL of <paramref name="path"/> on the root domain, outside any tenant.</summary>
    public string ForRoot(HttpContext context, string path = "/")
    {
        path = Normalize(path);
        return InHostMode(context)
            ? $"{context.Request.Scheme}://{root.Domain}{Port(context)}{path}"
            : path;
    }

    // Decided by the host alone, not by whether a tenant resolved: a 404 for an unknown or foreign organization
    // must render exactly like any other.
    private bool InHostMode(HttpContext context) => root.SubdomainOf(context.Request.Host) is not null;

    private static string Normalize(string path) => path.StartsWith('/') ? path : "/" + path;

    private static string Port(HttpContext context) =>
        context.Request.Host.Port is { } port ? ":" + port : "";
}
