using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// One way in: an endpoint's route with one HTTP method (and, for a page, one handler). <see cref="Page"/> is the page's
/// path (<c>/Org/Projects/Details</c>), null for a minimal-API endpoint; <see cref="Permissions"/> are what its
/// <c>[RequirePermission]</c> attributes (or endpoint metadata) demand (page class and handler method);
/// <see cref="Parameters"/> are what the request must fill in: every route parameter, and a handler's row ids (Guid) in
/// the query. <see cref="IsApi"/>: one of the JSON API's endpoints (JSON bodies, API keys, 401 instead of sign-in).
/// </summary>
public sealed record AppRoute(
    string Method, RoutePattern Pattern, string? Handler, TenantScope? Scope, string? Page,
    IReadOnlyList<string> Permissions, IReadOnlyList<RouteParameter> Parameters, bool IsApi = false)
{
    /// <summary>What the route's id parameters are classified by: the page, or an endpoint's own route pattern.</summary>
    public string Owner => Page ?? "/" + Path;

    /// <summary>How a developer recognizes the route in a failure message: "POST /Projects/{id:guid}?handler=Toggle".</summary>
    public string Key => $"{Method} /{Path}{(Handler is null ? "" : "?handler=" + Handler)}";

    // A group's empty route leaves a trailing slash in the pattern (/api/v1/projects/): the address is the same without.
    private string Path => Pattern.RawText?.Trim('/') ?? "";

    public bool IsWrite => !HttpMethods.IsGet(Method) && !HttpMethods.IsHead(Method);

    /// <summary>The request path and query with <paramref name="values"/> in the route's parameters and the query.</summary>
    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var path = string.Join("/", Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => Uri.EscapeDataString(values[parameter.Name]),
            _ => throw new InvalidOperationException($"{Key}: unexpected route part {part}."),
        }))));
        var query = Parameters.Where(p => !p.InRoute).Select(p => $"{p.Name}={Uri.EscapeDataString(values[p.Name])}");
        if (Handler is not null) query = query.Prepend($"handler={Handler}");
        var queryString = string.Join("&", query);
        return "/" + path + (queryString.Length > 0 ? "?" + queryString : "");
    }
}

/// <summary>A parameter the request must fill in: any parameter of the route itself, or a handler's row id (Guid).</summary>
public sealed record RouteParameter(string Name, Type Type, bool InRoute);
