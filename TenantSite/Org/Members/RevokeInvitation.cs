using TenantSite.Auth;

namespace TenantSite.Org.Members;

/// <summary>
/// Revokes an open invitation, so its link stops working; only an owner revokes one for the owner role. Only while it is
/// still open: an answer that came in meanwhile wins, and the refusal says so. Answers the invitation.
/// </summary>
public sealed record RevokeInvitation(Guid Id)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<Invitation>> HandleAsync(RevokeInvitation command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.ManageMembers)) return Refused.Forbidden();
            var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == command.Id, cancellationToken);
            if (invitation is null) return Refused.NotFound(InvitationRules.NotFoundMessage);
            if (!MemberRules.MayManage(access.CurrentRole, invitation.Role)) return Refused.Forbidden();

            var revoked = await InvitationRules.Open(db).Where(i => i.Id == command.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, DateTimeOffset.UtcNow), cancellationToken);
            if (revoked > 0) return invitation;
            return Refused.Conflict(InvitationRules.AnsweredMessage(
                await db.Invitations.AsNoTracking().SingleAsync(i => i.Id == command.Id, cancellationToken)));
        }
    }
}
