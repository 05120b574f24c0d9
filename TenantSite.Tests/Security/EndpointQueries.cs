using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using TenantSite.Tenancy;

namespace TenantSite.Tests.Security;

/// <summary>
/// The query parameters the app's GET handlers read, from its own endpoint metadata, so that one no page links to
/// (<c>?moved=</c>, <c>?interactive=</c>) is attacked too: for pages, the parameters of each GET handler and the
/// properties bound with <c>SupportsGet</c>; for minimal APIs, the parameters bound from the query.
/// </summary>
public sealed class EndpointQueries
{
    private readonly List<Page> _pages = [];
    private readonly List<(string Path, IReadOnlyList<string> Names)> _minimal = [];
    private readonly List<string> _minimalForms = [];

    private sealed record Page(string Name, TemplateMatcher Matcher, TenantScope? Scope, IReadOnlyDictionary<string, IReadOnlyList<string>> Handlers,
        IReadOnlyList<string> FormHandlers);

    /// <summary>GET endpoints that are no page, with their query parameters (e.g. <c>/signin</c>).</summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> Names)> MinimalGets => _minimal;

    /// <summary>Every handler name of every page, for the corpus check that no entry is one.</summary>
    public IEnumerable<string> HandlerNames => _pages.SelectMany(p => p.Handlers.Keys).Where(h => h.Length > 0);

    public static async Task<EndpointQueries> LoadAsync(IServiceProvider services)
    {
        var queries = new EndpointQueries();
        var loader = services.GetRequiredService<PageLoader>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // The JSON API reads no forms and links nothing: the corpus meets it in Api/ApiHostileInputsShould.
            if (endpoint.Metadata.GetMetadata<TenantSite.Infrastructure.ApiEndpoint>() is not null) continue;
            var template = TemplateParser.Parse(endpoint.RoutePattern.RawText!.TrimStart('/'));
            var routeValues = template.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var supportsGet = compiled.BoundProperties.OfType<PageBoundPropertyDescriptor>()
                    .Where(p => p.Property.GetCustomAttributes(typeof(BindPropertyAttribute), true) is [BindPropertyAttribute { SupportsGet: true }])
                    .Select(p => p.BindingInfo?.BinderModelName ?? p.Name);
                var handlers = compiled.HandlerMethods.Where(h => h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase)).ToDictionary(
                    h => h.Name ?? "",
                    h => (IReadOnlyList<string>)h.Parameters
                        .Where(p => IsQueryBindable(p.ParameterType, p.BindingInfo) && !routeValues.Contains(p.Name))
                        .Select(p => p.BindingInfo?.BinderModelName ?? p.Name).Concat(supportsGet).Distinct().ToList());
                if (handlers.Count == 0) handlers[""] = supportsGet.ToList();
                var forms = compiled.HandlerMethods.Where(h => !h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name ?? "").ToList();
                queries._pages.Add(new Page(page.ViewEnginePath, new TemplateMatcher(template, []),
                    endpoint.Metadata.GetMetadata<TenantScopeMetadata>()?.Scope, handlers, forms));
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { } methods)
            {
                var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
                // A POST that takes no antiforgery token is no browser's form (the provider's back-channel logout): its
                // own tests feed it the corpus.
                if (!methods.Contains("GET") && endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata>()?.RequiresValidation == false)
                    continue;
                if (!methods.Contains("GET"))
                {
                    queries._minimalForms.Add(path);
                    continue;
                }
                var names = endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
                    .Where(p => (p.HasTryParse || p.ParameterInfo.ParameterType == typeof(string)) && !routeValues.Contains(p.Name))
                    .Select(p => p.Name).ToList();
                // Nothing in the query to attack (the OpenAPI document, the development API reference).
                if (names.Count == 0) continue;
                queries._minimal.Add((path, names));
            }
        }
        return queries;
    }

    /// <summary>
    /// The GET handlers ("" for the unnamed one) of the page at <paramref name="localPath"/> (the path below the tenant
    /// in path mode) with the query parameters each reads; empty when no page serves it.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> For(string localPath, bool inTenant)
    {
        var scope = inTenant ? TenantScope.Tenant : TenantScope.Root;
        var page = _pages.FirstOrDefault(p => (p.Scope is null || p.Scope == scope) && p.Matcher.TryMatch(localPath, []));
        return page?.Handlers ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>
    /// The page handlers and endpoints that take a form (any method but GET) that none of <paramref name="forms"/> posts
    /// to: a form the crawl cannot reach (a page nothing links to) would escape the corpus.
    /// </summary>
    public IEnumerable<string> Unreached(IReadOnlyList<FormSurface> forms)
    {
        var posted = forms.Select(f => (Where: AppSurfaces.Locate(f.Host, f.Path), Handler: f.Query.FirstOrDefault(q => q.Key == "handler").Value ?? "")).ToList();
        // A page has an endpoint per route (Onboarding/Index and Onboarding): a form to any of them reaches it.
        foreach (var routes in _pages.GroupBy(p => p.Name))
        {
            foreach (var handler in routes.First().FormHandlers.Where(h => !posted.Any(p => h.Equals(p.Handler, StringComparison.OrdinalIgnoreCase) &&
                routes.Any(page => (page.Scope is null || page.Scope == (p.Where.InTenant ? TenantScope.Tenant : TenantScope.Root)) &&
                    page.Matcher.TryMatch(p.Where.LocalPath, [])))))
                yield return $"{routes.Key} handler \"{handler}\"";
        }
        foreach (var path in _minimalForms.Where(path => !posted.Any(p => p.Where.LocalPath.Equals(path, StringComparison.OrdinalIgnoreCase))))
            yield return path;
    }

    private static bool IsQueryBindable(Type type, BindingInfo? binding) =>
        binding?.BindingSource != BindingSource.Services && binding?.BindingSource != BindingSource.Special &&
        type != typeof(CancellationToken) && (type == typeof(string) || (Nullable.GetUnderlyingType(type) ?? type).IsPrimitive ||
            (Nullable.GetUnderlyingType(type) ?? type) == typeof(Guid));
}
