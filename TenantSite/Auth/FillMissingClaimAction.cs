using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace TenantSite.Auth;

/// <summary>
/// Adds a userinfo member as a claim only when the identity has no claim of that type: userinfo fills what the
/// id_token lacks and the id_token stays authoritative. (The handler's "unique" mapping adds a second claim whenever
/// the values differ, which leaves two names or two emails.)
/// </summary>
public sealed class FillMissingClaimAction(string claimType) : ClaimAction(claimType, ClaimValueTypes.String)
{
    public override void Run(JsonElement userData, ClaimsIdentity identity, string issuer)
    {
        if (identity.HasClaim(c => c.Type == ClaimType)) return;
        if (userData.ValueKind != JsonValueKind.Object || !userData.TryGetProperty(ClaimType, out var value)) return;
        // Strings, and booleans such as email_verified, as the id_token's own claims would carry them.
        var (text, valueType) = value.ValueKind switch
        {
            JsonValueKind.String => (value.GetString(), ValueType),
            JsonValueKind.True => ("true", ClaimValueTypes.Boolean),
            JsonValueKind.False => ("false", ClaimValueTypes.Boolean),
            _ => (null, ValueType),
        };
        if (text is { Length: > 0 }) identity.AddClaim(new Claim(ClaimType, text, valueType, issuer));
    }
}
