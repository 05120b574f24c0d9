using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// The test provider's token endpoint. It enforces what a real provider enforces: the client
/// authentication method it advertises, a single-use code, the same redirect_uri and the PKCE
/// verifier (S256), then mints the id_token the test asked for.
/// </summary>
internal sealed class TestProviderTokenEndpoint(TestProvider provider)
{
    private TestProviderSettings Settings => provider.Settings;

    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        var form = (await request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        if (form.TryGetValue("code_verifier", out var verifier))
        {
            provider.Secrets.Add(verifier);
        }
        if (!AuthenticateClient(request, form))
        {
            return Error(HttpStatusCode.Unauthorized, "invalid_client");
        }
        if (Settings.FailTokenEndpoint)
        {
            return Error(HttpStatusCode.BadRequest, "invalid_grant");
        }
        if (form.GetValueOrDefault("grant_type") != "authorization_code" ||
            !provider.TryRedeem(form.GetValueOrDefault("code") ?? "", out var issued) ||
            form.GetValueOrDefault("redirect_uri") != issued.RedirectUri ||
            verifier is null || Challenge(verifier) != issued.CodeChallenge)
        {
            return Error(HttpStatusCode.BadRequest, "invalid_grant");
        }

        var accessToken = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        provider.RememberAccessToken(accessToken, Settings.Subject);
        var idToken = MintIdToken(issued.Nonce, accessToken);
        provider.Secrets.Add(accessToken);
        provider.Secrets.Add(idToken);
        var body = new JsonObject
        {
            ["access_token"] = accessToken, ["token_type"] = "Bearer", ["expires_in"] = 300, ["id_token"] = idToken,
        };
        return Results.Text(body.ToJsonString(), "application/json");
    }

    private bool AuthenticateClient(HttpRequest request, Dictionary<string, string> form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            // RFC 6749 §2.3.1: base64 of form-urlencoded id ':' form-urlencoded secret.
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
            var colon = decoded.IndexOf(':');
            provider.RecordClientAuthentication("client_secret_basic");
            return Allows("client_secret_basic") && colon > 0 &&
                WebUtility.UrlDecode(decoded[..colon]) == Settings.ClientId &&
                WebUtility.UrlDecode(decoded[(colon + 1)..]) == Settings.ClientSecret &&
                !form.ContainsKey("client_secret");
        }
        provider.RecordClientAuthentication(form.ContainsKey("client_secret") ? "client_secret_post" : "none");
        return Allows("client_secret_post") &&
            form.GetValueOrDefault("client_id") == Settings.ClientId &&
            form.GetValueOrDefault("client_secret") == Settings.ClientSecret;
    }

    // Without the discovery member, only the spec default (client_secret_basic) is accepted.
    private bool Allows(string method) => Settings.TokenEndpointAuthMethods.Count == 0
        ? method == "client_secret_basic"
        : Settings.TokenEndpointAuthMethods.Contains(method);

    private string MintIdToken(string? nonce, string accessToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["iss"] = provider.Issuer,
            ["sub"] = Settings.Subject,
            ["aud"] = Settings.ClientId,
            ["exp"] = now + 300,
            ["iat"] = now,
            ["auth_time"] = now,
            ["nonce"] = nonce,
            ["at_hash"] = TestIdTokens.AtHash(accessToken),
            ["sid"] = "session-42",
            ["email"] = "ada@example.test",
            ["name"] = "Ada Lovelace",
        };
        Settings.EditIdToken?.Invoke(payload);
        return Settings.SignIdToken(payload);
    }

    private static string Challenge(string verifier) =>
        Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static IResult Error(HttpStatusCode status, string error) =>
        Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: (int)status);
}
