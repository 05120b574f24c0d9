using TenantSite.Auth;

namespace TenantSite.Org.Members;

/// <summary>
/// What a role change and a removal share: the member as read, the verdict of <see cref="MemberRules"/>, and the write
/// that applies only while the member still has the role the client saw and the rules judged.
/// </summary>
internal static class MemberWrites
{
    public const string NotFoundMessage = "No member with this id in this organization.";

    // No tenant condition in these: the query filter and RLS bind members (and the users they can see) to this organization.
    public static Task<OrganizationMember?> FindAsync(AppDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Members.AsNoTracking().Include(m => m.User).SingleOrDefaultAsync(m => m.UserId == userId, cancellationToken);

    public static Task<int> OwnerCountAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Members.CountAsync(m => m.Role == Roles.Owner, cancellationToken);

    /// <summary>
    /// Why a change must not apply to the member as read: the client did not say which role it showed (a page from before
    /// forms said so), or it showed another role than the member has now.
    /// </summary>
    public static Refused? NotAsShown(OrganizationMember member, string? seenRole) =>
        !Roles.IsValid(seenRole) ? Refused.Invalid(nameof(ChangeRole.SeenRole), MemberRules.OutdatedFormMessage)
        : member.Role != seenRole ? Refused.ChangedMeanwhile(MemberRules.ChangedMeanwhileMessage(member.User!.DisplayName, member.Role))
        : null;

    public static Refused? Judged(MemberRules.Verdict verdict) => verdict switch
    {
        MemberRules.Verdict.Forbidden => Refused.Forbidden(),
        MemberRules.Verdict.LastOwner => Refused.Conflict(MemberRules.LastOwnerMessage),
        _ => null,
    };

    /// <summary>
    /// Runs <paramref name="write"/> (an update or delete) on the member while they still have the role the rules judged: the
    /// condition is in the statement's own WHERE, so a change someone else commits in between is never overwritten. Null
    /// when it changed the member; otherwise the last owner's refusal (the rules ran on a count another request may change
    /// meanwhile; the database's trigger is the final word), the role someone else gave them meanwhile, or not found once
    /// they are gone.
    /// </summary>
    public static async Task<Refused?> ApplyAsync(AppDbContext db, MembershipCache cache, OrganizationMember member,
        Func<IQueryable<OrganizationMember>, Task<int>> write, CancellationToken cancellationToken)
    {
        int written;
        try
        {
            written = await write(db.Members.Where(m => m.UserId == member.UserId && m.Role == member.Role));
        }
        catch (Exception e) when (e.IsLastOwnerViolation())
        {
            return Refused.Conflict(MemberRules.LastOwnerMessage);
        }
        if (written > 0)
        {
            // What MembershipWrites does for SaveChanges: the next request here reads the change, not the cache.
            cache.InvalidateAll();
            return null;
        }
        var now = await db.Members.Where(m => m.UserId == member.UserId).Select(m => m.Role).SingleOrDefaultAsync(cancellationToken);
        return now is null ? Refused.NotFound(NotFoundMessage)
            : Refused.ChangedMeanwhile(MemberRules.ChangedMeanwhileMessage(member.User!.DisplayName, now));
    }
}
