using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Tests.Security;

/// <summary>A form to attack as a page rendered it: where it posts, its fields, and the session and token of that page.</summary>
public sealed record FormSurface(RawSession Session, string Host, string Path, IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Fields, bool Htmx, string Token, string Shape);

/// <summary>A GET address whose query parameters to attack: a link, an hx-get, or a page whose handlers read parameters.</summary>
public sealed record LinkSurface(RawSession Session, string Host, string Path, IReadOnlyList<KeyValuePair<string, string>> Query,
    bool Htmx, string Shape);

/// <summary>A page the crawl opened (200), with the antiforgery token it carried.</summary>
public sealed record PageVisit(RawSession Session, string Host, string Path, string Query, string Token);

/// <summary>
/// Everything there is to attack, found by opening the app's pages as its users do and collecting every form (action,
/// hx-post, fields as rendered) and every address with a query (links, hx-get, what the handlers read; see
/// <see cref="EndpointQueries"/>). A form or link added to any page is found without a change here.
/// </summary>
public sealed partial class AppSurfaces
{
    private const int MaxPages = 60;
    private static readonly HtmlParser Parser = new();
    private static readonly string[] NotFollowed = ["/signin", "/signout", "/errors", "/lib", "/css", "/js"];

    public List<FormSurface> Forms { get; } = [];
    public List<LinkSurface> Links { get; } = [];
    public List<PageVisit> Pages { get; } = [];

    /// <summary>Opens each start address as its session, and every page reachable from there on the session's hosts.</summary>
    public static async Task<AppSurfaces> DiscoverAsync(IEnumerable<(RawSession Session, string Url)> starts, EndpointQueries endpoints)
    {
        var surfaces = new AppSurfaces();
        var queue = new Queue<(RawSession Session, Uri Url)>(starts.Select(s => (s.Session, new Uri(s.Url))));
        var opened = new HashSet<string>();
        while (queue.TryDequeue(out var next) && surfaces.Pages.Count < MaxPages)
        {
            var (session, url) = next;
            if (!opened.Add(session.Name + " " + Mode(url.Authority, url.AbsolutePath) + " " + Shape(url.Authority, url.AbsolutePath, Keys(url.Query)))) continue;
            var response = await session.SendAsync(new RawRequest("GET", url.Authority, url.AbsolutePath, url.Query.TrimStart('?')), keepCookies: true);
            // Error pages too (the sign-in error page is a 400): their handlers read parameters as well.
            if (response.Status is < 200 or >= 500 || !response.Body.Contains("<!DOCTYPE html>", StringComparison.OrdinalIgnoreCase)) continue;

            var document = Parser.ParseDocument(response.Body);
            var token = document.QuerySelector("meta[name=request-verification-token]")?.GetAttribute("content") ?? "";
            surfaces.Pages.Add(new PageVisit(session, url.Authority, url.AbsolutePath, url.Query.TrimStart('?'), token));
            surfaces.AddPageQueries(session, url, endpoints);
            foreach (var form in document.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
                surfaces.AddForm(session, url, form, token);
            foreach (var link in Addresses(url, document))
            {
                if (link.Uri.Query.Length > 1 || link.Extra is not null) surfaces.AddLink(session, link.Uri, link.Extra, link.Htmx);
                if (response.Status == 200 && Follows(session, link.Uri) && !link.Htmx) queue.Enqueue((session, link.Uri));
            }
        }
        // Minimal APIs answer on every host; one on the root domain stands for all.
        var root = surfaces.Pages.First(p => !Locate(p.Host, p.Path).InTenant);
        foreach (var (path, names) in endpoints.MinimalGets)
            surfaces.AddLink(root.Session, new Uri($"http://{root.Host}{path}?{string.Join('&', names.Select(n => n + "="))}"), null, htmx: false);
        return surfaces;
    }

    /// <summary>Adds an address that no page links to (see the [target] section of the corpus), as <paramref name="session"/>.</summary>
    public void AddTarget(RawSession session, string host, string pathAndQuery) =>
        AddLink(session, new Uri($"http://{host}{pathAndQuery}"), null, htmx: false);

    /// <summary>
    /// What a form or address is, whatever the mode and whichever row it is for: scope, path with ids as {id}, handler,
    /// and the names of its parameters (and fields). Surfaces of one shape are attacked as one.
    /// </summary>
    public static string Shape(string host, string path, IEnumerable<string> names, string? handler = null)
    {
        var (inTenant, local) = Locate(host, path);
        return $"{(inTenant ? "tenant" : "root")} {GuidPattern().Replace(local, "{id}")}?handler={handler}&{string.Join('&', names.Select(n => n.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal))}";
    }

    /// <summary>Whether the request runs inside a tenant, and its path below the tenant (path mode drops /org/{slug}).</summary>
    public static (bool InTenant, string LocalPath) Locate(string host, string path)
    {
        var root = host.Split(':')[0].Equals("localhost", StringComparison.OrdinalIgnoreCase);
        var match = PathModePattern().Match(path);
        if (root && match.Success) return (true, match.Groups["rest"].Value is { Length: > 0 } rest ? rest : "/");
        return (!root, path);
    }

    private static string Mode(string host, string path) =>
        !Locate(host, path).InTenant ? "root" : host.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) ? "path" : "host";

    private void AddForm(RawSession session, Uri page, IElement form, string token)
    {
        var action = new Uri(page, form.GetAttribute("action") ?? form.GetAttribute("hx-post") ?? page.PathAndQuery);
        var fields = form.QuerySelectorAll("input[name], select[name], textarea[name]").Select(field =>
            new KeyValuePair<string, string>(field.GetAttribute("name")!, field.LocalName switch
            {
                "select" => (field.QuerySelector("option[selected]") ?? field.QuerySelector("option"))?.GetAttribute("value") ?? "",
                "textarea" => field.TextContent,
                _ => field.GetAttribute("value") ?? "",
            })).ToList();
        var query = Query(action.Query);
        var handler = query.FirstOrDefault(q => q.Key == "handler").Value;
        var ids = query.Where(q => Guid.TryParse(q.Value, out _)).Select(q => q.Key);
        var shape = "POST " + Shape(action.Authority, action.AbsolutePath, ids.Concat(fields.Select(f => "field:" + f.Key)), handler);
        // One per shape and mode: the same form on every row or page is the same code.
        if (Forms.Any(f => f.Shape == shape && Mode(f.Host, f.Path) == Mode(action.Authority, action.AbsolutePath))) return;
        Forms.Add(new FormSurface(session, action.Authority, action.AbsolutePath, query, fields, form.HasAttribute("hx-post"), token, shape));
    }

    // One per page, handler and mode, with every parameter any link, hx-get or the handler itself reads.
    private void AddLink(RawSession session, Uri url, string? extra, bool htmx)
    {
        var query = Query(url.Query);
        if (extra is not null && query.All(q => q.Key != extra)) query.Add(new(extra, ""));
        var handler = query.FirstOrDefault(q => q.Key == "handler").Value;
        var shape = "GET " + Shape(url.Authority, url.AbsolutePath, [], handler);
        var mode = Mode(url.Authority, url.AbsolutePath);
        var known = Links.FindIndex(l => l.Shape == shape && Mode(l.Host, l.Path) == mode);
        if (known < 0)
        {
            Links.Add(new LinkSurface(session, url.Authority, url.AbsolutePath, query, htmx, shape));
            return;
        }
        var merged = Links[known].Query.ToList();
        merged.AddRange(query.Where(q => merged.All(m => !m.Key.Equals(q.Key, StringComparison.OrdinalIgnoreCase))));
        Links[known] = Links[known] with { Query = merged, Htmx = Links[known].Htmx || htmx };
    }

    // The page's own address with every parameter its handlers read: one surface per GET handler.
    private void AddPageQueries(RawSession session, Uri url, EndpointQueries endpoints)
    {
        var (inTenant, local) = Locate(url.Authority, url.AbsolutePath);
        foreach (var (handler, names) in endpoints.For(local, inTenant))
        {
            var query = Query(url.Query).Where(q => q.Key != "handler").ToList();
            if (handler.Length > 0) query.Insert(0, new("handler", handler));
            query.AddRange(names.Where(n => query.All(q => !q.Key.Equals(n, StringComparison.OrdinalIgnoreCase))).Select(n => new KeyValuePair<string, string>(n, "")));
            if (query.Count == 0) continue;
            var address = new UriBuilder(url) { Query = string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")) }.Uri;
            AddLink(session, address, null, htmx: handler.Length > 0);
        }
    }

    // Links and hx-get addresses; an hx-get element with hx-include="this" also sends its own name and value.
    private static IEnumerable<(Uri Uri, string? Extra, bool Htmx)> Addresses(Uri page, IDocument document)
    {
        foreach (var a in document.QuerySelectorAll("a[href]"))
        {
            if (Uri.TryCreate(page, a.GetAttribute("href"), out var uri) && uri.Scheme == "http") yield return (uri, null, false);
        }
        foreach (var element in document.QuerySelectorAll("[hx-get]"))
        {
            var own = element.GetAttribute("hx-include") == "this" ? element.GetAttribute("name") : null;
            if (Uri.TryCreate(page, element.GetAttribute("hx-get"), out var uri)) yield return (uri, own, true);
        }
    }

    private static bool Follows(RawSession session, Uri url) =>
        session.CookiesFor(url.Authority).Count > 0 &&
        !NotFollowed.Any(p => url.AbsolutePath.StartsWith(p, StringComparison.OrdinalIgnoreCase)) &&
        !url.Query.Contains("handler=", StringComparison.OrdinalIgnoreCase);

    private static List<KeyValuePair<string, string>> Query(string query) =>
        QueryHelpers.ParseQuery(query).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();

    private static IEnumerable<string> Keys(string query) => Query(query).Select(q => q.Key).Distinct();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("^/org/[^/]+(?<rest>/.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PathModePattern();
}
