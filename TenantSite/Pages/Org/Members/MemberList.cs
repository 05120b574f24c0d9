using TenantSite.Org.Members;

namespace TenantSite.Pages.Org.Members;

/// <summary>
/// What the members page reads. No tenant condition in these: the query filter and RLS bind members (and the users they
/// can see) and invitations to this organization.
/// </summary>
internal static class MemberList
{
    /// <summary>
    /// The members, oldest first, and for those who manage members the open invitations: both in one query (UNION ALL), so
    /// the page stays at two round-trips with the membership check (bench/RESULTS.md).
    /// </summary>
    public static async Task<(IReadOnlyList<Index.MemberView>, IReadOnlyList<Index.InvitationView>)> LoadAsync(AppDbContext db,
        bool withInvitations, CancellationToken cancellationToken)
    {
        if (!withInvitations)
            return (await Views(db.Members.OrderBy(m => m.CreatedAt).ThenBy(m => m.UserId)).ToListAsync(cancellationToken), []);
        var rows = await db.Members
            .Select(m => new
            {
                IsInvitation = false, Id = m.UserId, Name = (string?)(m.User!.Name ?? m.User.Email ?? m.User.Subject), Email = m.User.Email,
                m.Role, At = m.CreatedAt, ExpiresAt = (DateTimeOffset?)null, SentAt = (DateTimeOffset?)null,
            })
            .Concat(InvitationRules.Open(db).Select(i => new
            {
                IsInvitation = true, i.Id, Name = i.Inviter!.Name ?? i.Inviter.Email, Email = (string?)i.Email,
                i.Role, At = i.CreatedAt, ExpiresAt = (DateTimeOffset?)i.ExpiresAt, SentAt = i.LastSentAt,
            }))
            .OrderBy(r => r.IsInvitation).ThenBy(r => r.At).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return ([.. rows.Where(r => !r.IsInvitation).Select(r => new Index.MemberView(r.Id, r.Name!, r.Email, r.Role, r.At))],
            [.. rows.Where(r => r.IsInvitation).Select(r => new Index.InvitationView(r.Id, r.Email!, r.Role, r.Name, r.ExpiresAt!.Value, r.SentAt))]);
    }

    public static IQueryable<Index.MemberView> Views(IQueryable<OrganizationMember> members) => members.Select(m =>
        new Index.MemberView(m.UserId, m.User!.Name ?? m.User.Email ?? m.User.Subject, m.User.Email, m.Role, m.CreatedAt));

    /// <summary>The open invitations alone, oldest first: what the invitations fragment shows after a change.</summary>
    public static IQueryable<Index.InvitationView> OpenInvitations(AppDbContext db) => InvitationRules.Open(db)
        .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
        .Select(i => new Index.InvitationView(i.Id, i.Email, i.Role, i.Inviter!.Name ?? i.Inviter.Email, i.ExpiresAt, i.LastSentAt));
}
