using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Net.Http.Headers;

namespace TenantSite.Tests.Security;

/// <summary>
/// A request exactly as a hostile client may send it: any Host, a raw query string with escapes that HttpClient would
/// "fix", any body and headers. Given to the app through TestServer, which validates none of it.
/// </summary>
public sealed record RawRequest(string Method, string Host, string Path, string Query = "", string? ContentType = null,
    string? Body = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    /// <summary>The path and query as a browser's address bar would show them, for failure messages.</summary>
    public override string ToString() =>
        $"{Method} http://{Host}{Path}{(Query.Length > 0 ? "?" + Shorten(Query) : "")}{(Body is null ? "" : " body " + Shorten(Body))}";

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + $"… ({text.Length} chars)";
}

/// <summary>An answer: status, headers, body as text.</summary>
public sealed record RawResponse(int Status, IHeaderDictionary Headers, string Body);

/// <summary>
/// Sends <see cref="RawRequest"/>s as one browser session: its own cookies per host (from its sign-in and the pages it
/// opened), which it sends along unless a request brings a Cookie header of its own.
/// </summary>
public sealed class RawSession(TestServer server, string name)
{
    private readonly Dictionary<string, Dictionary<string, string>> _cookies = new(StringComparer.OrdinalIgnoreCase);

    public string Name { get; } = name;

    /// <summary>The cookies this session holds for <paramref name="host"/> (none for a host it never visited).</summary>
    public IReadOnlyDictionary<string, string> CookiesFor(string host) =>
        _cookies.TryGetValue(host, out var jar) ? jar : new Dictionary<string, string>();

    /// <summary>Takes cookies from a signed-in <see cref="Infrastructure.Browser"/>.</summary>
    public void AddCookies(string host, System.Net.CookieCollection cookies)
    {
        foreach (System.Net.Cookie cookie in cookies) Jar(host)[cookie.Name] = cookie.Value;
    }

    /// <summary>Sends the request; <paramref name="keepCookies"/> stores what it sets (pages the crawl opens).</summary>
    public async Task<RawResponse> SendAsync(RawRequest request, bool keepCookies = false, Func<string, bool>? sendCookie = null)
    {
        var context = await server.SendAsync(c =>
        {
            var http = c.Request;
            http.Method = request.Method;
            http.Scheme = "http";
            // The header as sent: HostString's setter would reject what a client can still send.
            http.Headers.Host = request.Host;
            http.PathBase = PathString.Empty;
            http.Path = PathString.FromUriComponent(request.Path);
            http.QueryString = request.Query.Length == 0 ? QueryString.Empty : new QueryString("?" + request.Query);
            var cookies = CookiesFor(request.Host).Where(c => sendCookie?.Invoke(c.Key) ?? true).Select(c => $"{c.Key}={c.Value}");
            if (cookies.Any()) http.Headers.Cookie = string.Join("; ", cookies);
            foreach (var (header, value) in request.Headers ?? []) http.Headers[header] = value;
            if (request.ContentType is not null) http.ContentType = request.ContentType;
            if (request.Body is not null)
            {
                // Bodies are encoded text (ASCII); a raw byte of another encoding is written as the character of that byte.
                var bytes = Encoding.Latin1.GetBytes(request.Body);
                http.Body = new MemoryStream(bytes);
                http.ContentLength = bytes.Length;
            }
        }, TestContext.Current.CancellationToken);

        var body = await new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEndAsync(TestContext.Current.CancellationToken);
        if (keepCookies) Keep(request.Host, context.Response.Headers.SetCookie);
        return new RawResponse(context.Response.StatusCode, context.Response.Headers, body);
    }

    private void Keep(string host, IEnumerable<string?> setCookies)
    {
        foreach (var header in setCookies)
        {
            if (SetCookieHeaderValue.TryParse(header, out var cookie)) Jar(host)[cookie.Name.Value!] = cookie.Value.Value!;
        }
    }

    private Dictionary<string, string> Jar(string host) =>
        _cookies.TryGetValue(host, out var jar) ? jar : _cookies[host] = [];
}
