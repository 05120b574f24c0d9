namespace TenantSite.Tenancy;

/// <summary>
/// Builds links that cross the tenant boundary (the switcher, "back to the root domain", a new organization) and keep
/// the request's mode: from a tenant host to another tenant's host, from path mode (or the root domain) to another
/// base path. Links inside one tenant need none of this: PathBase already carries the mode.
/// </summary>
public sealed class TenantLinks(RootDomain root, TenancyOptions options)
{
    /// <summary>
    /// The mode of the request: host mode on a tenant's host, path mode on the root domain (with or without a base
    /// path). Decided by the host alone, not by whether a tenant resolved: a 404 for an unknown or foreign
    /// organization must render exactly like any other.
    /// </summary>
    public TenancyMode ModeOf(HttpContext context) =>
        root.SubdomainOf(context.Request.Host) is null ? TenancyMode.Path : TenancyMode.Host;

    /// <summary>An absolute or root-relative URL of <paramref name="path"/> in the tenant <paramref name="slug"/>, in the request's mode.</summary>
    public string ForTenant(HttpContext context, string slug, string path = "/") => ForTenant(context, slug, ModeOf(context), path);

    /// <summary>
    /// A URL of <paramref name="path"/> in the tenant <paramref name="slug"/> in <paramref name="mode"/>, for a page
    /// that knows the mode better than its own host does (onboarding, on the root domain, told by the link that led there).
    /// </summary>
    public string ForTenant(HttpContext context, string slug, TenancyMode mode, string path = "/")
    {
        path = Normalize(path);
        return mode == TenancyMode.Host
            ? $"{context.Request.Scheme}://{slug}.{root.Domain}{Port(context)}{path}"
            : ForRoot(context, $"/{options.PathPrefix}/{slug}{(path == "/" ? "" : path)}");
    }

    /// <summary>A URL of <paramref name="path"/> on the root domain, outside any tenant.</summary>
    public string ForRoot(HttpContext context, string path = "/")
    {
        path = Normalize(path);
        return ModeOf(context) == TenancyMode.Host
            ? $"{context.Request.Scheme}://{root.Domain}{Port(context)}{path}"
            : path;
    }

    private static string Normalize(string path) => path.StartsWith('/') ? path : "/" + path;

    private static string Port(HttpContext context) =>
        context.Request.Host.Port is { } port ? ":" + port : "";
}
