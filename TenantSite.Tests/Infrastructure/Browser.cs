using System.Net;
using AngleSharp.Html.Parser;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Plays a browser over HTTP: one cookie jar (per host and path, as browsers keep them), requests to the provider go
/// over the network, requests to any *.localhost host go to the app in memory. Redirects are followed by hand so a
/// test can see each hop. <paramref name="idp"/>, when given, carries the requests to the provider (it must neither
/// follow redirects nor keep cookies).
/// </summary>
public sealed class Browser(HttpMessageHandler app, string issuer, HttpMessageHandler? idp = null) : IDisposable
{
    private readonly HttpClient _app = new(app) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly HttpClient _idp = new(idp ?? new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _issuer = new(issuer);
    public CookieContainer Cookies { get; } = new();
    public List<Uri> Visited { get; } = [];

    /// <summary>The User-Agent this browser sends to the app, if any.</summary>
    public string? UserAgent { get; set; }

    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> form) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });

    /// <summary>
    /// Follows redirects (and the provider's auto-submitting forms) until a page that is not one, or until a redirect to
    /// a URL <paramref name="stopBefore"/> matches (that redirect is returned, not followed).
    /// </summary>
    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response, Func<Uri, bool>? stopBefore = null)
    {
        for (var hops = 0; hops < 20; hops++)
        {
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found or HttpStatusCode.MovedPermanently)
            {
                var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
                if (stopBefore?.Invoke(next) == true) return response;
                response = await GetAsync(next.AbsoluteUri);
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            var form = new HtmlParser().ParseDocument(html).QuerySelector("form[method=post]");
            // The provider's form_post/logout pages submit themselves with script; do what the script would.
            if (response.RequestMessage!.RequestUri!.Authority == _issuer.Authority && html.Contains(".submit()") && form is not null)
            {
                response = await SubmitAsync(response.RequestMessage.RequestUri!, form, []);
                continue;
            }
            return response;
        }
        throw new InvalidOperationException("Too many redirects: " + string.Join(" -> ", Visited));
    }

    /// <summary>Signs in at the provider's login form (any password works at the dev provider).</summary>
    public async Task<HttpResponseMessage> LogInAtProviderAsync(HttpResponseMessage loginPage, string login, Func<Uri, bool>? stopBefore = null)
    {
        var html = await loginPage.Content.ReadAsStringAsync();
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form")
            ?? throw new InvalidOperationException("No login form at " + loginPage.RequestMessage!.RequestUri + ":\n" + html);
        return await FollowAsync(await SubmitAsync(loginPage.RequestMessage!.RequestUri!, form,
            [new("login", login), new("password", "any")]), stopBefore);
    }

    /// <summary>Submits the provider's page's form (e.g. the sign-out confirmation) and follows on.</summary>
    public async Task<HttpResponseMessage> ConfirmAtProviderAsync(HttpResponseMessage page, KeyValuePair<string, string>[] values)
    {
        var form = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync()).QuerySelector("form")
            ?? throw new InvalidOperationException("No form at " + page.RequestMessage!.RequestUri);
        return await FollowAsync(await SubmitAsync(page.RequestMessage!.RequestUri!, form, values));
    }

    private Task<HttpResponseMessage> SubmitAsync(Uri page, AngleSharp.Dom.IElement form, KeyValuePair<string, string>[] values)
    {
        var fields = form.QuerySelectorAll("input[name]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Where(f => values.All(v => v.Key != f.Key))
            .Concat(values);
        var action = new Uri(page, form.GetAttribute("action") ?? page.AbsoluteUri);
        return PostFormAsync(action.AbsoluteUri, fields);
    }

    /// <summary>Sends any request with this browser's cookies (e.g. an htmx request with its headers).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        Visited.Add(uri);
        if (Cookies.GetCookieHeader(uri) is { Length: > 0 } cookies) request.Headers.Add("Cookie", cookies);
        var client = uri.Authority == _issuer.Authority ? _idp : _app;
        if (UserAgent is not null && client == _app) request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var setCookie in setCookies) Cookies.SetCookies(uri, setCookie);
        return response;
    }

    public void Dispose()
    {
        _app.Dispose();
        _idp.Dispose();
    }
}
