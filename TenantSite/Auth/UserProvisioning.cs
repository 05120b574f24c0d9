using System.Security.Claims;

namespace TenantSite.Auth;

/// <summary>
/// Provisions the signed-in user, keyed by (issuer, subject), never by email (which, when verified, only finds the
/// user's invitations), and adds the user's id as the claim the data layer reads. Runs once the principal is complete: id_token claims plus what userinfo added.
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
        // Invitations match only an address the provider vouches for. Many providers send email_verified; some (Entra
        // ID among them) never do, and then the email claim is taken as theirs. An explicit false is never trusted.
        var emailVerified = !string.Equals(identity.FindFirst("email_verified")?.Value, "false", StringComparison.OrdinalIgnoreCase);

        var userId = await db.UpsertUserAsync(issuer, subject, email, name, emailVerified, cancellationToken);
        identity.AddClaim(new Claim(TenantSiteClaims.UserId, userId.ToString()));
    }
}
