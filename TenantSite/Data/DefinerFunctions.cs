namespace TenantSite.Data;

/// <summary>Typed calls of the SECURITY DEFINER functions that the migrations install (RowLevelSecurity, Invitations, InvitationLinks).</summary>
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

    /// <summary>
    /// The open, unexpired invitations addressed to the verified email of <see cref="DataScope.UserId"/>, in every
    /// organization, oldest first; none without a signed-in user.
    /// </summary>
    public static async Task<IReadOnlyList<PendingInvitation>> PendingInvitationsAsync(this AppDbContext db,
        CancellationToken cancellationToken = default)
    {
        if (db.Scope.UserId is null) return [];
        return await db.Database.SqlQuery<PendingInvitation>($"""
                SELECT invitation_id AS "InvitationId", organization_name AS "OrganizationName", role AS "Role",
                       invited_by AS "InvitedBy", expires_at AS "ExpiresAt"
                FROM tenantsite_pending_invitations()
                """)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Accepts or declines one of <see cref="PendingInvitationsAsync"/> for <see cref="DataScope.UserId"/>; null when
    /// there is no such open invitation for them (whatever the reason: unknown, someone else's, expired, revoked, answered).
    /// </summary>
    public static async Task<InvitationAnswer?> AnswerInvitationAsync(this AppDbContext db, Guid invitationId, bool accept,
        CancellationToken cancellationToken = default)
    {
        if (db.Scope.UserId is null) return null;
        var rows = await db.Database.SqlQuery<InvitationAnswer>($"""
                SELECT organization_slug AS "OrganizationSlug", organization_name AS "OrganizationName",
                       member_role AS "MemberRole", joined AS "Joined"
                FROM tenantsite_answer_invitation({invitationId}, {accept})
                """)
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>
    /// What the holder of an invitation link may know of its invitation (signed in or not); null for an unknown token.
    /// </summary>
    public static async Task<InvitationLink?> InvitationLinkAsync(this AppDbContext db, byte[] tokenHash,
        CancellationToken cancellationToken = default)
    {
        var rows = await db.Database.SqlQuery<InvitationLink>($"""
                SELECT organization_slug AS "OrganizationSlug", organization_name AS "OrganizationName", email AS "Email",
                       role AS "Role", invited_by AS "InvitedBy", expires_at AS "ExpiresAt", state AS "State",
                       accepted_by_caller AS "AcceptedByCaller"
                FROM tenantsite_invitation_link({tokenHash})
                """)
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>
    /// Accepts or declines the open invitation of a link for <see cref="DataScope.UserId"/>, whatever their email; null
    /// when there is no open invitation for that token (<see cref="InvitationLinkAsync"/> says why) or nobody signed in.
    /// </summary>
    public static async Task<InvitationAnswer?> AnswerInvitationLinkAsync(this AppDbContext db, byte[] tokenHash, bool accept,
        CancellationToken cancellationToken = default)
    {
        if (db.Scope.UserId is null) return null;
        var rows = await db.Database.SqlQuery<InvitationAnswer>($"""
                SELECT organization_slug AS "OrganizationSlug", organization_name AS "OrganizationName",
                       member_role AS "MemberRole", joined AS "Joined"
                FROM tenantsite_answer_invitation_link({tokenHash}, {accept})
                """)
            .ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }
}

/// <summary>
/// An invitation as its link shows it: where, as what, from whom, until when, and its <see cref="State"/>
/// (<c>open</c>, <c>expired</c>, <c>revoked</c>, <c>accepted</c> or <c>declined</c>).
/// </summary>
public sealed record InvitationLink(string OrganizationSlug, string OrganizationName, string Email, string Role, string? InvitedBy,
    DateTimeOffset ExpiresAt, string State, bool AcceptedByCaller);

/// <summary>An invitation as its invitee sees it: who invited them where, as what, until when.</summary>
public sealed record PendingInvitation(Guid InvitationId, string OrganizationName, string Role, string? InvitedBy, DateTimeOffset ExpiresAt);

/// <summary>
/// The organization an invitation was answered for; <see cref="MemberRole"/> is the user's role there after accepting
/// (null after declining) and <see cref="Joined"/> false when they were a member already.
/// </summary>
public sealed record InvitationAnswer(string OrganizationSlug, string OrganizationName, string? MemberRole, bool Joined);
