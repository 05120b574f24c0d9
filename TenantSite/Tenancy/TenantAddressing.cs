using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using TenantSite.Tenancy.MultiTenant;
using TenantSite.Tenancy.MultiTenant.Abstractions;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

namespace TenantSite.Tenancy;

/// <summary>
/// Ours: TenantSite's policy around Finbuckle-shaped resolution, as a middleware in front of it, two event handlers
/// and a 404 after it. Before: a host outside the root domain is answered 400 (never a default tenant); the request's
/// <see cref="TenancyMode"/> is decided by host and path alone; in path mode <c>/{PathPrefix}</c> moves into PathBase,
/// so the base path strategy sees the slug first. During: an identifier must be a well-formed slug, and the base path
/// strategy applies in path mode only. After: a request that names an organization which does not resolve (unknown,
/// malformed or reserved) gets 404, the same answer for each.
/// </summary>
public sealed class TenantAddressing(RequestDelegate next, RootDomain root, IOptions<TenancyOptions> options)
{
    private static readonly object ModeKey = new();
    private readonly PathString _prefix = "/" + options.Value.PathPrefix.Trim('/');

    /// <summary>Runs the middleware.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsErrorPage(context))
        {
            // The error page of this request runs outside the flow the tenant was set in; it must not ask the store
            // again (that may be the very lookup that failed while the database was down).
            if (context.Items[typeof(IMultiTenantContext)] is IMultiTenantContext resolved)
                context.RequestServices.GetRequiredService<IMultiTenantContextSetter>().MultiTenantContext = resolved;
            await next(context);
            return;
        }

        var request = context.Request;
        if (!request.TryGetHost(out var host) || !root.Contains(host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var (pathBase, path) = (request.PathBase, request.Path);
        if (root.SubdomainOf(host) is not null) context.Items[ModeKey] = TenancyMode.Host;
        else if (request.Path.StartsWithSegments(_prefix, StringComparison.OrdinalIgnoreCase, out var rest) && rest.Value!.Length > 1)
        {
            context.Items[ModeKey] = TenancyMode.Path;
            (request.PathBase, request.Path) = (pathBase.Add(_prefix), rest);
        }

        try
        {
            await next(context);
        }
        finally
        {
            // Unresolved, the request answers as if it never had a base path: its 404 page's links stay on the root.
            if (!HasTenant(context)) (request.PathBase, request.Path) = (pathBase, path);
        }
    }

    /// <summary>Right after resolution: 404 for a request that names an organization that did not resolve.</summary>
    public static Task NotFoundUnlessResolved(HttpContext context, RequestDelegate next)
    {
        if (!context.Items.ContainsKey(ModeKey) || HasTenant(context)) return next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>
    /// <see cref="MultiTenantEvents{TTenantInfo}.OnStrategyResolveCompleted"/>: identifiers are slugs, lower case and
    /// well-formed (no query for one that cannot exist), and the base path strategy names a tenant only below
    /// <c>/{PathPrefix}</c> on the root domain, as the path's very first segment (not <c>//acme</c>).
    /// </summary>
    public static Task OnStrategyResolveCompleted(StrategyResolveCompletedContext found)
    {
        if (found is not { Context: HttpContext context, Identifier: { } identifier }) return Task.CompletedTask;
        var applies = found.Strategy is not BasePathStrategy ||
                      context.Items[ModeKey] is TenancyMode.Path && context.Request.Path.StartsWithSegments("/" + identifier);
        // ASCII first: lower-casing maps some non-ASCII letters onto ASCII ones (the Kelvin sign to "k").
        found.Identifier = applies && Ascii.IsValid(identifier) && Slug.IsWellFormed(identifier = identifier.ToLowerInvariant())
            ? identifier
            : null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// <see cref="MultiTenantEvents{TTenantInfo}.OnTenantResolveCompleted"/>, after the base path strategy's rebasing:
    /// PathBase carries the canonical (lower-case) slug, since every link is generated from it.
    /// </summary>
    public static Task OnTenantResolveCompleted<TTenantInfo>(TenantResolveCompletedContext<TTenantInfo> resolved)
        where TTenantInfo : ITenantInfo
    {
        if (resolved is { Context: HttpContext context, MultiTenantContext: { TenantInfo: { } tenant, StrategyInfo.StrategyType: var type } } &&
            type == typeof(BasePathStrategy))
        {
            var pathBase = context.Request.PathBase.Value ?? "";
            var segment = "/" + tenant.Identifier;
            if (pathBase.EndsWith(segment, StringComparison.OrdinalIgnoreCase))
                context.Request.PathBase = pathBase[..^segment.Length] + segment;
        }
        return Task.CompletedTask;
    }

    /// <summary>True when the request resolved a tenant.</summary>
    public static bool HasTenant(HttpContext context) =>
        context.Items[typeof(IMultiTenantContext)] is IMultiTenantContext { IsResolved: true };

    /// <summary>True while the error page of a request is rendered (status code pages or exception handler).</summary>
    internal static bool IsErrorPage(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
}
