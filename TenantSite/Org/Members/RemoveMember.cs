using TenantSite.Auth;

namespace TenantSite.Org.Members;

/// <summary>
/// Removes a member, or lets someone leave (removing themselves: the same rules), within <see cref="MemberRules"/> and
/// only while they still have the role the client showed (<see cref="SeenRole"/>). Answers the member as they were.
/// </summary>
public sealed record RemoveMember(Guid UserId, string? SeenRole)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access, MembershipCache cache)
    {
        public async Task<Result<OrganizationMember>> HandleAsync(RemoveMember command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.ManageMembers)) return Refused.Forbidden();
            if (await MemberWrites.FindAsync(db, command.UserId, cancellationToken) is not { } member) return Refused.NotFound(MemberWrites.NotFoundMessage);
            if (MemberWrites.NotAsShown(member, command.SeenRole) is { } stale) return stale;
            var owners = await MemberWrites.OwnerCountAsync(db, cancellationToken);
            if (MemberWrites.Judged(MemberRules.Remove(access.CurrentRole, member.Role, owners)) is { } refused) return refused;

            // Their API keys are revoked by the database as the row goes (RevokeApiKeysOfCreatorsWhoMayNoLongerCreateThem).
            if (await MemberWrites.ApplyAsync(db, cache, member, rows => rows.ExecuteDeleteAsync(cancellationToken), cancellationToken) is { } refusal)
                return refusal;
            return member;
        }
    }
}
