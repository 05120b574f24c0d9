using System.Security.Claims;
using TenantSite.Data;

namespace TenantSite.Auth;

/// <summary>
/// Provisions the signed-in user, keyed by (issuer, subject), never by email, and adds the user's id as the claim the
/// data layer reads. Runs once the principal is complete: id_token claims plus what userinfo added.
/// </summary>
public sealed class UserProvisioning(AppDbContext db)
{
    public async Task ProvisionAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        var issuer = identity.FindFirst("iss")?.Value ?? throw new SignInRejectedException(SignInErrors.InvalidToken, "No iss claim.");
        var subject = identity.FindFirst("sub")?.Value ?? throw new SignInRejectedException(SignInErrors.InvalidToken, "No sub claim.");
        // A missing email or name keeps what is stored (tenantsite_upsert_user): providers often omit them.
        var email = identity.FindFirst("email")?.Value;
        var name = identity.FindFirst("name")?.Value ?? identity.FindFirst("preferred_username")?.Value;

        var userId = await db.UpsertUserAsync(issuer, subject, email, name, cancellationToken);
        identity.AddClaim(new Claim(TenantSiteClaims.UserId, userId.ToString()));
    }
}
