using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Builds the sign-in identity from the id_token and userinfo, keeping claim types as their JWT names
/// (<c>sub</c>, <c>iss</c>, <c>email</c>, <c>name</c>, <c>sid</c>) rather than mapping them to WS-* URIs.
/// </summary>
internal static class OidcClaims
{
    public const string NameType = "name";
    public const string RoleType = "role";

    // Protocol claims: they validate the token, they say nothing about the user, and they would only
    // make the auth cookie bigger. iss stays: (iss, sub) is the stable key of a user.
    private static readonly HashSet<string> ProtocolClaims = new(StringComparer.Ordinal)
    {
        "aud", "azp", "exp", "nbf", "iat", "nonce", "at_hash", "c_hash", "jti", "typ",
        "ipaddr", "platf", "ver",
    };

    public static ClaimsIdentity FromIdToken(JsonWebToken idToken, string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, NameType, RoleType);
        foreach (var claim in idToken.Claims)
        {
            if (!ProtocolClaims.Contains(claim.Type))
            {
                identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType, idToken.Issuer));
            }
        }
        return identity;
    }

    /// <summary>Adds userinfo members the identity lacks; the id_token stays authoritative.</summary>
    public static void AddMissingFromUserInfo(ClaimsIdentity identity, JsonElement userInfo, string issuer)
    {
        foreach (var member in userInfo.EnumerateObject())
        {
            if (ProtocolClaims.Contains(member.Name) || member.Name == "iss" || identity.HasClaim(c => c.Type == member.Name))
            {
                continue;
            }
            foreach (var (value, valueType) in Values(member.Value))
            {
                identity.AddClaim(new Claim(member.Name, value, valueType, issuer));
            }
        }
    }

    private static IEnumerable<(string Value, string ValueType)> Values(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return (element.GetString()!, ClaimValueTypes.String);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                yield return (element.GetBoolean() ? "true" : "false", ClaimValueTypes.Boolean);
                break;
            case JsonValueKind.Number:
                yield return (element.GetRawText(), element.TryGetInt64(out _) ? ClaimValueTypes.Integer64 : ClaimValueTypes.Double);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray().SelectMany(Values))
                {
                    yield return item;
                }
                break;
            case JsonValueKind.Object:
                yield return (element.GetRawText(), JsonClaimValueTypes.Json);
                break;
        }
    }
}
