using System.Security.Claims;

namespace TenantSite.Auth;

/// <summary>
/// Provisions the signed-in user, keyed by (issuer, subject), never by email (which, when verified, only finds the
/// user's invitations), and adds the user's id as the claim the data layer reads. Runs once the principal is complete:
/// id_token claims plus what userinfo added.
/// </summary>
public sealed class UserProvisioning(AppDbContext db, ProviderTrust trust)
{
    /// <summary>Creates or refreshes the user; returns users.id, which the request's data scope now acts for.</summary>
    public async Task<Guid> ProvisionAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        var issuer = identity.FindFirst("iss")?.Value ?? throw new SignInRejectedException(SignInErrors.InvalidToken, "No iss claim.");
        var subject = identity.FindFirst("sub")?.Value ?? throw new SignInRejectedException(SignInErrors.InvalidToken, "No sub claim.");
        // A missing email or name keeps what is stored (tenantsite_upsert_user): providers often omit them.
        var email = identity.FindFirst("email")?.Value;
        var name = identity.FindFirst("name")?.Value ?? identity.FindFirst("preferred_username")?.Value;
        // Invitations match only an address the provider vouches for: email_verified true, or no claim at all from a
        // provider the operator marked as verifying every address (Oidc:EmailsAlwaysVerified). Anything else is not.
        var verified = identity.FindFirst("email_verified")?.Value;
        var emailVerified = verified is null
            ? trust.EmailsAlwaysVerified
            : string.Equals(verified, "true", StringComparison.OrdinalIgnoreCase);

        var userId = await db.UpsertUserAsync(issuer, subject, email, name, emailVerified, cancellationToken);
        identity.AddClaim(new Claim(TenantSiteClaims.UserId, userId.ToString()));
        db.Scope.SetUser(userId);
        return userId;
    }
}

/// <summary>What the operator says the provider vouches for (configuration section <c>Oidc</c>).</summary>
/// <param name="EmailsAlwaysVerified">
/// <c>Oidc:EmailsAlwaysVerified</c>: an email without an <c>email_verified</c> claim counts as verified. Only for a provider
/// that releases nothing but addresses it verified and never sends the claim; off by default.
/// </param>
public sealed record ProviderTrust(bool EmailsAlwaysVerified);
