using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>Signs id_tokens the way a test asks: properly, with the wrong key, unsigned, or HMAC'd with a public key.</summary>
public static class TestIdTokens
{
    private static readonly JsonWebTokenHandler Handler = new();

    public static string Sign(JsonObject payload, TestKey key) =>
        Handler.CreateToken(payload.ToJsonString(), new SigningCredentials(key.SigningKey, key.Alg));

    /// <summary>An unsecured JWT (<c>alg: none</c>, empty signature).</summary>
    public static string Unsigned(JsonObject payload) =>
        $"{Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{Encode(payload)}.";

    /// <summary>
    /// The classic key-confusion forgery: HS256 keyed with the provider's public RSA key (which anyone
    /// can download), announced under that key's kid.
    /// </summary>
    public static string HmacWithPublicKey(JsonObject payload, TestKey publicKey)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = publicKey.Kid };
        var signingInput = $"{Encode(header)}.{Encode(payload)}";
        var secret = Encoding.UTF8.GetBytes(publicKey.Jwk.ToJsonString());
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlTextEncoder.Encode(signature)}";
    }

    /// <summary>at_hash per OIDC Core §3.1.3.6 for a 256-bit algorithm.</summary>
    public static string AtHash(string accessToken) =>
        Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken))[..16]);

    private static string Encode(JsonObject json) => Base64UrlTextEncoder.Encode(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
