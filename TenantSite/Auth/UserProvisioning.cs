using System.Security.Claims;
using TenantSite.Auth.Oidc;
using TenantSite.Data;

namespace TenantSite.Auth;

/// <summary>
/// Runs when an id_token was validated: provisions the user keyed by (issuer, subject) — never by email — refreshes
/// email and name, and adds the user's id as the claim the data layer reads.
/// </summary>
public static class UserProvisioning
{
    public static async Task OnTokenValidatedAsync(OidcTokenValidatedContext context)
    {
        var token = context.IdToken;
        var identity = (ClaimsIdentity)context.Principal!.Identity!;
        var email = identity.FindFirst("email")?.Value;
        var name = identity.FindFirst("name")?.Value;

        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        var userId = await db.UpsertUserAsync(token.Issuer, token.Subject, email, name, context.HttpContext.RequestAborted);
        identity.AddClaim(new Claim(TenantSiteClaims.UserId, userId.ToString()));
    }
}
