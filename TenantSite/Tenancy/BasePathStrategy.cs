namespace TenantSite.Tenancy;

/// <summary>
/// Path mode: <c>{RootDomain}/{prefix}/{slug}/…</c>. Once the tenant is known, the <c>/{prefix}/{slug}</c> segment
/// moves from <c>Request.Path</c> into <c>Request.PathBase</c> (as Finbuckle's BasePathStrategy does when rebasing),
/// so tenant pages have one route for both modes and every generated link keeps the mode by itself.
/// </summary>
public sealed class BasePathStrategy(RootDomain root, string prefix) : IMultiTenantStrategy
{
    private readonly PathString _prefix = new("/" + prefix.Trim('/'));

    /// <inheritdoc />
    public StrategyResult GetIdentifier(HttpContext context)
    {
        if (!root.IsRoot(context.Request.Host)) return StrategyResult.None;
        if (!context.Request.Path.StartsWithSegments(_prefix, StringComparison.OrdinalIgnoreCase, out var rest))
            return StrategyResult.None;

        var segment = FirstSegment(rest);
        if (segment.Length == 0) return StrategyResult.None;
        var slug = segment.ToLowerInvariant();
        return Slug.IsWellFormed(slug) && !Slug.Reserved.Contains(slug)
            ? StrategyResult.Found(slug)
            : StrategyResult.Invalid;
    }

    /// <inheritdoc />
    public void OnResolved(HttpContext context, ITenantInfo tenant)
    {
        var request = context.Request;
        request.Path.StartsWithSegments(_prefix, StringComparison.OrdinalIgnoreCase, out var rest);
        var segment = FirstSegment(rest);
        // Links are generated from PathBase, so it carries the canonical (lower-case) slug.
        request.PathBase = request.PathBase.Add(_prefix).Add("/" + tenant.Identifier);
        var remainder = rest.Value![(1 + segment.Length)..];
        request.Path = remainder.Length == 0 ? "/" : new PathString(remainder);
    }

    private static string FirstSegment(PathString rest)
    {
        var value = rest.Value ?? "";
        if (value.Length < 2) return "";
        var end = value.IndexOf('/', 1);
        return end < 0 ? value[1..] : value[1..end];
    }
}
