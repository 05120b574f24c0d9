using Microsoft.EntityFrameworkCore;

namespace TenantSite.Data;

/// <summary>Typed calls of the SECURITY DEFINER functions installed by the RowLevelSecurity migration.</summary>
public static class DefinerFunctions
{
    /// <summary>
    /// Creates or refreshes the user keyed by (issuer, subject); returns users.id. A missing email or name keeps the
    /// stored one; <paramref name="emailVerified"/> false stores the email as one that never matches an invitation.
    /// </summary>
    public static Task<Guid> UpsertUserAsync(this AppDbContext db, string issuer, string subject, string? email, string? name,
        bool emailVerified, CancellationToken cancellationToken = default) =>
        db.Database.SqlQuery<Guid>(
                $"""SELECT tenantsite_upsert_user({issuer}, {subject}, {email}, {name}, {emailVerified}) AS "Value" """)
            .SingleAsync(cancellationToken);

    /// <summary>Creates an organization owned by <see cref="DataScope.UserId"/>; returns its id.</summary>
    public static Task<Guid> CreateOrganizationAsync(this AppDbContext db, string name, string slug,
        CancellationToken cancellationToken = default) =>
        db.Database.SqlQuery<Guid>($"""SELECT tenantsite_create_organization({name}, {slug}) AS "Value" """)
            .SingleAsync(cancellationToken);

    /// <summary>The user with this email, answered only to an owner or admin of the current organization.</summary>
    public static Task<Guid?> FindUserIdByEmailAsync(this AppDbContext db, string email, CancellationToken cancellationToken = default) =>
        db.Database.SqlQuery<Guid?>($"""SELECT tenantsite_find_user_by_email({email}) AS "Value" """)
            .SingleAsync(cancellationToken);
}
