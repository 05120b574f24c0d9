using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>A signing key of the test provider: its private key for minting, its public JWK for the JWKS.</summary>
public sealed class TestKey
{
    private TestKey(string kid, string alg, SecurityKey signingKey, JsonObject jwk)
    {
        Kid = kid;
        Alg = alg;
        SigningKey = signingKey;
        Jwk = jwk;
    }

    // Generated once per test run: RSA key generation is the slow part of a test otherwise.
    public static TestKey Rsa1 { get; } = CreateRsa("rsa-1");
    public static TestKey Rsa2 { get; } = CreateRsa("rsa-2");
    public static TestKey Ec1 { get; } = CreateEc("ec-1");

    /// <summary>Never published: tokens signed with it must be rejected whatever kid they claim.</summary>
    public static TestKey Attacker { get; } = CreateRsa("attacker");

    public string Kid { get; }
    public string Alg { get; }
    public SecurityKey SigningKey { get; }
    public JsonObject Jwk { get; }

    /// <summary>The same private key announced under another kid (forged header or rotation drills).</summary>
    public TestKey WithKid(string kid)
    {
        SecurityKey key = SigningKey switch
        {
            RsaSecurityKey rsa => new RsaSecurityKey(rsa.Rsa) { KeyId = kid },
            ECDsaSecurityKey ec => new ECDsaSecurityKey(ec.ECDsa) { KeyId = kid },
            _ => throw new NotSupportedException(),
        };
        var jwk = (JsonObject)Jwk.DeepClone();
        jwk["kid"] = kid;
        return new TestKey(kid, Alg, key, jwk);
    }

    private static TestKey CreateRsa(string kid)
    {
        var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = kid,
            ["n"] = Base64UrlTextEncoder.Encode(p.Modulus!), ["e"] = Base64UrlTextEncoder.Encode(p.Exponent!),
        };
        return new TestKey(kid, SecurityAlgorithms.RsaSha256, new RsaSecurityKey(rsa) { KeyId = kid }, jwk);
    }

    private static TestKey CreateEc(string kid)
    {
        var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = kid, ["crv"] = "P-256",
            ["x"] = Base64UrlTextEncoder.Encode(p.Q.X!), ["y"] = Base64UrlTextEncoder.Encode(p.Q.Y!),
        };
        return new TestKey(kid, SecurityAlgorithms.EcdsaSha256, new ECDsaSecurityKey(ec) { KeyId = kid }, jwk);
    }
}
