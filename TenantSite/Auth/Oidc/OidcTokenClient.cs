using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Back-channel calls to the provider: code redemption at the token endpoint and the userinfo request.
/// Exceptions are <see cref="OidcException"/>s whose messages carry status codes and error codes only,
/// never a response body (it may hold tokens).
/// </summary>
internal sealed partial class OidcTokenClient(OidcOptions options)
{
    private const string BasicAuth = "client_secret_basic";
    private const string PostAuth = "client_secret_post";

    public async Task<OidcTokenResponse> RedeemCodeAsync(
        OpenIdConnectConfiguration configuration, string code, string redirectUri, string codeVerifier, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(configuration.TokenEndpoint))
        {
            throw new OidcException(OidcErrors.DiscoveryError, "The provider's configuration has no token_endpoint.");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = codeVerifier,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint);
        AuthenticateClient(request, form, configuration);
        request.Content = new FormUrlEncodedContent(form);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var json = await SendAsync(request, OidcErrors.TokenError, "token endpoint", cancel);
        var idToken = GetString(json.RootElement, "id_token");
        if (string.IsNullOrEmpty(idToken))
        {
            throw new OidcException(OidcErrors.TokenError, "The token endpoint returned no id_token.");
        }
        return new OidcTokenResponse(idToken, GetString(json.RootElement, "access_token"));
    }

    public async Task<JsonDocument> GetUserInfoAsync(OpenIdConnectConfiguration configuration, string accessToken, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, configuration.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await SendAsync(request, OidcErrors.UserInfoError, "userinfo endpoint", cancel);
    }

    // OIDC Core §9: client_secret_basic is the default when the provider lists no methods, and preferred
    // when it lists both; client_secret_post only when the provider does not support basic.
    private void AuthenticateClient(HttpRequestMessage request, Dictionary<string, string> form, OpenIdConnectConfiguration configuration)
    {
        var methods = configuration.TokenEndpointAuthMethodsSupported;
        var useBasic = methods.Count == 0 || methods.Contains(BasicAuth) || !methods.Contains(PostAuth);
        if (string.IsNullOrEmpty(options.ClientSecret))
        {
            form["client_id"] = options.ClientId!;
        }
        else if (useBasic)
        {
            // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64, so ':' and '+' survive.
            var credentials = $"{WebUtility.UrlEncode(options.ClientId)}:{WebUtility.UrlEncode(options.ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_id"] = options.ClientId!;
            form["client_secret"] = options.ClientSecret;
        }
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage request, string error, string endpoint, CancellationToken cancel)
    {
        HttpResponseMessage response;
        try
        {
            response = await options.Backchannel.SendAsync(request, cancel);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            throw new OidcException(error, $"The {endpoint} could not be reached ({ex.GetType().Name}).", ex);
        }

        using (response)
        {
            var json = await TryParseObjectAsync(response, cancel);
            if (!response.IsSuccessStatusCode)
            {
                var providerError = json is null ? null : GetString(json.RootElement, "error");
                json?.Dispose();
                var shown = providerError is not null && ErrorCode().IsMatch(providerError) ? providerError : "no error code";
                throw new OidcException(error, $"The {endpoint} answered {(int)response.StatusCode} ({shown}).");
            }
            return json ?? throw new OidcException(error, $"The {endpoint} did not answer with a JSON object.");
        }
    }

    private static async Task<JsonDocument?> TryParseObjectAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        try
        {
            var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancel), cancellationToken: cancel);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    internal static partial Regex ErrorCode();
}
