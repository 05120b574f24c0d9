using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// A browser's view of one page for form tests: GET the page (the client's cookie container keeps the antiforgery
/// cookie; the token is read from the layout's meta tag), then post its named handlers the way a plain form does
/// (token in the body) or the way htmx does (<c>HX-Request</c> and the token header that site.js adds).
/// </summary>
public sealed class PageSession
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _client;

    private PageSession(HttpClient client, string path) => (_client, Path) = (client, path);

    /// <summary>The page's path (with the base path in path mode), without query.</summary>
    public string Path { get; }

    /// <summary>The antiforgery request token from the last page loaded.</summary>
    public string Token { get; private set; } = "";

    /// <summary>The last page loaded.</summary>
    public IHtmlDocument Document { get; private set; } = null!;

    /// <summary>Opens <paramref name="path"/> (expects 200) as the client's user.</summary>
    public static async Task<PageSession> OpenAsync(HttpClient client, string path)
    {
        var session = new PageSession(client, path);
        await session.ReloadAsync();
        return session;
    }

    /// <summary>Loads the page again (optionally with a query), expecting 200, and keeps its token.</summary>
    public async Task<IHtmlDocument> ReloadAsync(string? query = null)
    {
        var response = await GetAsync(query is null ? Path : $"{Path}?{query}");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {Path}?{query}: {(int)response.StatusCode} {html}");
        Document = Parser.ParseDocument(html);
        Token = Document.QuerySelector("meta[name=request-verification-token]")?.GetAttribute("content")
            ?? throw new InvalidOperationException("The page carries no antiforgery token.");
        return Document;
    }

    /// <summary>Sends any request through the same client (its cookies, no token added).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>A GET of any path through the same client.</summary>
    public Task<HttpResponseMessage> GetAsync(string pathAndQuery, bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts the page's handler <paramref name="handler"/> with <paramref name="fields"/> and extra query values.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string handler, Dictionary<string, string>? fields = null, bool htmx = false,
        string? query = null) =>
        PostAsync($"{Path}?handler={handler}{(query is null ? "" : "&" + query)}", fields, htmx);

    /// <summary>Posts to any URL with this session's token (e.g. another page, or another tenant's id).</summary>
    public Task<HttpResponseMessage> PostAsync(string pathAndQuery, Dictionary<string, string>? fields = null, bool htmx = false)
    {
        var form = new Dictionary<string, string>(fields ?? []);
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("RequestVerificationToken", Token);
        }
        else
        {
            form["__RequestVerificationToken"] = Token;
        }
        request.Content = new FormUrlEncodedContent(form);
        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Posts <paramref name="body"/> exactly as given (already encoded, e.g. <c>Name=a%00b</c>) with this session's
    /// token appended, as <paramref name="contentType"/>: for input a browser would never send.
    /// </summary>
    public Task<HttpResponseMessage> PostRawAsync(string pathAndQuery, string body, bool htmx = false,
        string contentType = "application/x-www-form-urlencoded")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new StringContent($"{body}&__RequestVerificationToken={Uri.EscapeDataString(Token)}"),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Parses a response for assertions: a page as a document, a fragment the way htmx parses it (inside a
    /// <c>&lt;template&gt;</c>, where a bare <c>&lt;tr&gt;</c> or <c>&lt;li&gt;</c> survives).
    /// </summary>
    public static async Task<IParentNode> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (html.TrimStart().StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase)) return Parser.ParseDocument(html);
        var document = Parser.ParseDocument($"<body><template>{html}</template></body>");
        return ((IHtmlTemplateElement)document.Body!.FirstElementChild!).Content;
    }
}
