using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace TenantSite.Auth.Oidc;

/// <summary>Random values of a challenge: PKCE (RFC 7636) verifier and S256 challenge, and the nonce.</summary>
internal static class OidcPkce
{
    // 32 random bytes → 43 base64url characters: the RFC 7636 minimum length and 256 bits of entropy.
    public static string CreateVerifier() => Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string CreateChallenge(string verifier) =>
        Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static string CreateNonce() => Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
