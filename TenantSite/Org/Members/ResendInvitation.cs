using TenantSite.Auth;
using TenantSite.Invitations;

namespace TenantSite.Org.Members;

/// <summary>
/// A new link (and expiry) for an open invitation; the old link stops working. Resending invites again, so it is judged
/// as inviting, and judged again by its own UPDATE: only while the invitation is still open and for the role just judged,
/// and while the resender's role in the database may still invite for it (the request's may be a moment old).
/// </summary>
public sealed record ResendInvitation(Guid Id)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access, DataScope scope)
    {
        public async Task<Result<InvitationToSend>> HandleAsync(ResendInvitation command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.ManageMembers)) return Refused.Forbidden();
            var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Id == command.Id, cancellationToken);
            if (invitation is null) return Refused.NotFound(InvitationRules.NotFoundMessage);
            var role = invitation.Role;
            if (!MemberRules.MayInvite(access.CurrentRole, role)) return Refused.Forbidden();

            var (token, hash) = InvitationToken.Create();
            var now = DateTimeOffset.UtcNow;
            var mayInvite = MemberRules.MayInviteAs(role);
            var renewed = await InvitationRules.Open(db)
                .Where(i => i.Id == command.Id && i.Role == role && db.Members.Any(m => m.UserId == scope.UserId && mayInvite.Contains(m.Role)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.TokenHash, hash).SetProperty(i => i.LastSentAt, now)
                    .SetProperty(i => i.ExpiresAt, now + Invitation.Lifetime).SetProperty(i => i.InvitedBy, scope.UserId), cancellationToken);
            if (renewed > 0) return new InvitationToSend(invitation.Id, invitation.Email, role, token, now + Invitation.Lifetime);

            // Whatever came in meanwhile wins, and the refusal says which.
            var after = await db.Invitations.AsNoTracking().SingleAsync(i => i.Id == command.Id, cancellationToken);
            // Still open and unchanged: it was the resender's own role that no longer allows it.
            if (after.IsOpen && after.Role == role) return Refused.Forbidden();
            return after.IsOpen ? Refused.ChangedMeanwhile(InvitationRules.ChangedMeanwhileMessage(after.Email, after.Role))
                : Refused.Conflict(InvitationRules.AnsweredMessage(after));
        }
    }
}
