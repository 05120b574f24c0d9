using TenantSite.Auth;

namespace TenantSite.Org.Members;

/// <summary>
/// Gives a member another role, within <see cref="MemberRules"/>, and only while they still have the role the client
/// showed (<see cref="SeenRole"/>): a change someone else made meanwhile stays, and the refusal says what it is now.
/// Answers the member with their new role.
/// </summary>
public sealed record ChangeRole(Guid UserId, string? Role, string? SeenRole)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access, MembershipCache cache)
    {
        public async Task<Result<OrganizationMember>> HandleAsync(ChangeRole command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.ManageMembers)) return Refused.Forbidden();
            if (await MemberWrites.FindAsync(db, command.UserId, cancellationToken) is not { } member) return Refused.NotFound(MemberWrites.NotFoundMessage);
            if (!Roles.IsValid(command.Role)) return Refused.Invalid(nameof(Role), MemberRules.UnknownRoleMessage);
            if (MemberWrites.NotAsShown(member, command.SeenRole) is { } stale) return stale;
            var role = command.Role!;
            var owners = await MemberWrites.OwnerCountAsync(db, cancellationToken);
            if (MemberWrites.Judged(MemberRules.ChangeRole(access.CurrentRole, member.Role, role, owners)) is { } refused) return refused;

            if (await MemberWrites.ApplyAsync(db, cache, member,
                    rows => rows.ExecuteUpdateAsync(s => s.SetProperty(m => m.Role, role), cancellationToken), cancellationToken) is { } refusal)
                return refusal;
            member.Role = role;
            return member;
        }
    }
}
