using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Auth;

/// <summary>
/// The official handler authenticates at the token endpoint (and the pushed-authorization endpoint) with
/// <c>client_secret_post</c> only. <c>client_secret_basic</c> is the method RFC 6749 requires every provider to support
/// and OIDC discovery's default when a provider lists none, so on the handler's back channel this moves the client's
/// credentials into the <c>Authorization</c> header unless the provider lists <c>client_secret_post</c> but not basic.
/// </summary>
internal sealed class ClientSecretBasicHandler(OpenIdConnectOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.Content is FormUrlEncodedContent content &&
            options.ConfigurationManager is { } discovery)
        {
            var form = QueryHelpers.ParseQuery(await content.ReadAsStringAsync(cancellationToken));
            if (form.Remove("client_secret", out var secret) && form.TryGetValue("client_id", out var clientId) &&
                PrefersBasic((await discovery.GetConfigurationAsync(cancellationToken)).TokenEndpointAuthMethodsSupported))
            {
                request.Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())));
                // RFC 6749 §2.3.1: each part form-urlencoded, then base64 of "id:secret".
                var credentials = WebUtility.UrlEncode(clientId.ToString()) + ":" + WebUtility.UrlEncode(secret.ToString());
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            }
        }
        return await base.SendAsync(request, cancellationToken);
    }

    private static bool PrefersBasic(ICollection<string> advertised) =>
        advertised.Count == 0 || advertised.Contains("client_secret_basic") || !advertised.Contains("client_secret_post");
}
