using System.Net;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// Plays the user's browser against the app: keeps cookies per host and path (honouring
/// Secure, expiry and deletion through <see cref="CookieContainer"/>) and never follows redirects.
/// </summary>
public sealed class TestBrowser(HttpMessageHandler relyingParty, Uri baseAddress)
{
    private readonly HttpClient _client = new(relyingParty);

    public Uri BaseAddress => baseAddress;
    public CookieContainer Cookies { get; } = new();

    public Task<HttpResponseMessage> GetAsync(string url, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Resolve(url)), cancel);

    public Task<HttpResponseMessage> PostFormAsync(Uri url, IReadOnlyDictionary<string, string> form, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) }, cancel);

    public Task<HttpResponseMessage> PostAsync(string url, HttpContent content, CancellationToken cancel) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Resolve(url)) { Content = content }, cancel);

    /// <summary>Delivers the provider's authorization response to the app, as the browser would.</summary>
    public Task<HttpResponseMessage> ReturnFromProviderAsync(AuthorizationResponse response, CancellationToken cancel) =>
        response.Form is { } form ? PostFormAsync(response.Target, form, cancel) : GetAsync(response.Target.ToString(), cancel);

    // "/path" would parse as an absolute file:// URI on Unix, hence the explicit check.
    private Uri Resolve(string url) => url.StartsWith('/') ? new Uri(baseAddress, url) : new Uri(url);

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        var uri = request.RequestUri!;
        var cookies = Cookies.GetCookieHeader(uri);
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }
        var response = await _client.SendAsync(request, cancel);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(uri, setCookie);
            }
        }
        return response;
    }
}
