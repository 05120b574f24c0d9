using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using TenantSite.Auth;
using TenantSite.Infrastructure;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// Every way into the app, read from the app itself: the routes of its <see cref="EndpointDataSource"/> (Razor Pages and
/// minimal-API endpoints), each page split into its handlers (<c>OnPostToggle</c> → POST <c>?handler=Toggle</c>) as
/// the page's compiled descriptor lists them. A page or handler added later is in this list without anyone editing it.
/// </summary>
public static class RouteCatalog
{
    /// <summary>The app's routes: one per route pattern, method and (for a page) handler.</summary>
    public static async Task<IReadOnlyList<AppRoute>> DiscoverAsync(IServiceProvider services)
    {
        var loader = services.GetRequiredService<PageLoader>();
        var routes = new List<AppRoute>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is not RouteEndpoint route)
                throw new InvalidOperationException(
                    $"Endpoint \"{endpoint.DisplayName}\" has no route pattern: teach RouteCatalog how to request it.");
            var scope = endpoint.Metadata.GetMetadata<TenantScopeMetadata>()?.Scope;
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
                routes.AddRange(PageRoutes(await loader.LoadAsync(page, endpoint.Metadata), route, scope));
            else
                routes.AddRange(EndpointRoutes(route, scope));
        }
        return routes;
    }

    // One route per handler method, with the page's permissions and the handler's; a page without a parameterless GET
    // handler still renders on GET.
    private static IEnumerable<AppRoute> PageRoutes(CompiledPageActionDescriptor page, RouteEndpoint endpoint, TenantScope? scope)
    {
        var pagePermissions = Permissions(page.HandlerTypeInfo);
        foreach (var handler in page.HandlerMethods)
        {
            var method = handler.HttpMethod.ToUpperInvariant();
            var parameters = RouteParameters(endpoint, handler.Parameters.Select(p => (p.Name, p.ParameterType)))
                .Concat(handler.Parameters
                    .Where(p => IsRowId(p.ParameterType) && endpoint.RoutePattern.GetParameter(p.Name) is null)
                    .Select(p => new RouteParameter(p.Name, p.ParameterType, InRoute: false)));
            yield return new AppRoute(method, endpoint.RoutePattern, handler.Name, scope, page.ViewEnginePath,
                pagePermissions.Concat(Permissions(handler.MethodInfo)).Distinct().ToArray(), parameters.ToArray());
        }
        if (!page.HandlerMethods.Any(h => h.Name is null && HttpMethods.IsGet(h.HttpMethod)))
            yield return new AppRoute(HttpMethods.Get, endpoint.RoutePattern, null, scope, page.ViewEnginePath, pagePermissions,
                RouteParameters(endpoint, []).ToArray());
    }

    // A minimal-API endpoint without method metadata accepts every method, so it is requested with each of these.
    private static readonly string[] AnyMethod =
        [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    private static IEnumerable<AppRoute> EndpointRoutes(RouteEndpoint endpoint, TenantScope? scope) =>
        (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : AnyMethod)
        .Select(method => new AppRoute(method, endpoint.RoutePattern, null, scope, null,
            endpoint.Metadata.GetOrderedMetadata<RequirePermissionAttribute>().Select(a => a.Permission).Distinct().ToArray(),
            RouteParameters(endpoint, []).ToArray(), IsApi: endpoint.Metadata.GetMetadata<ApiEndpoint>() is not null));

    // The route's own parameters, typed by the handler parameter of the same name where there is one.
    private static IEnumerable<RouteParameter> RouteParameters(RouteEndpoint endpoint, IEnumerable<(string Name, Type Type)> handler) =>
        endpoint.RoutePattern.Parameters.Select(p => new RouteParameter(p.Name,
            handler.FirstOrDefault(h => string.Equals(h.Name, p.Name, StringComparison.OrdinalIgnoreCase)).Type ?? typeof(string),
            InRoute: true));

    // Every row the app names in a URL has a uuid key; other handler parameters (filters, names) may stay empty.
    private static bool IsRowId(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(Guid);

    private static string[] Permissions(MemberInfo member) =>
        member.GetCustomAttributes<RequirePermissionAttribute>(inherit: true).Select(a => a.Permission).ToArray();
}
