using TenantSite.Auth;
using TenantSite.Billing;
using TenantSite.Invitations;

namespace TenantSite.Org.Members;

/// <summary>
/// Invites an email address with a role (no role: member), or renews the address's open invitation (role, inviter, a
/// new link and expiry). Nobody joins until they accept. No account is looked up, so the answer never says whether an
/// address has one; saying that it is a member's reveals nothing, as whoever may invite sees every member's email.
/// Within the plan's member limit, counted in members, not open invitations: accepting is where the database holds it.
/// </summary>
public sealed record InviteMember(string? Email, string? Role)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access, DataScope scope)
    {
        public async Task<Result<InvitationToSend>> HandleAsync(InviteMember command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.ManageMembers)) return Refused.Forbidden();
            var role = string.IsNullOrEmpty(command.Role) ? Roles.Member : command.Role;
            if (!Roles.IsValid(role)) return Refused.Invalid(nameof(Role), MemberRules.UnknownRoleMessage);
            if (!MemberRules.MayInvite(access.CurrentRole, role)) return Refused.Forbidden();
            if (InvitationRules.NormalizedEmail(command.Email) is not { } email) return Refused.Invalid(nameof(Email), InvitationRules.InvalidEmail);
            // Compared with what the member list shows (RLS lets a member see fellow members' users rows, nobody else's).
            if (await db.Members.AnyAsync(m => m.User!.Email == email, cancellationToken)) return Refused.Conflict($"{email} is already a member.");
            if (await db.PlanUsageAsync(cancellationToken) is { MembersFull: true } usage) return Refused.PlanLimit(usage.MemberLimitMessage);

            var (token, hash) = InvitationToken.Create();
            var now = DateTimeOffset.UtcNow;
            var opened = await OpenAsync(email, role, hash, now, cancellationToken);
            if (opened.Refused is { } refused) return refused;
            return new InvitationToSend(opened.Value, email, role, token, now + Invitation.Lifetime);
        }

        /// <summary>
        /// Opens an invitation for <paramref name="email"/>, or renews the open one; answers its id. Another request may
        /// open, answer or revoke the same invitation meanwhile: the insert then meets the unique index of open
        /// invitations, the renewal matches no open row, and the next round sees the new state.
        /// </summary>
        private async Task<Result<Guid>> OpenAsync(string email, string role, byte[] tokenHash, DateTimeOffset now,
            CancellationToken cancellationToken)
        {
            var expires = now + Invitation.Lifetime;
            for (var round = 0; round < 3; round++)
            {
                var open = await InvitationRules.Open(db).Where(i => i.Email == email).Select(i => new { i.Id, i.Role })
                    .SingleOrDefaultAsync(cancellationToken);
                if (open is null)
                {
                    var invitation = new Invitation
                    {
                        Email = email, Role = role, InvitedBy = scope.UserId, ExpiresAt = expires, TokenHash = tokenHash, LastSentAt = now,
                    };
                    db.Invitations.Add(invitation);
                    try
                    {
                        await db.SaveChangesAsync(cancellationToken);
                        return invitation.Id;
                    }
                    catch (DbUpdateException e) when (e.IsUniqueViolation("ux_invitations_open_email") ||
                                                      e.IsCheckViolation("ck_invitations_email_lower_case"))
                    {
                        db.ChangeTracker.Clear();
                        if (e.IsCheckViolation("ck_invitations_email_lower_case")) return Refused.Invalid(nameof(Email), InvitationRules.InvalidEmail);
                        continue;
                    }
                }
                if (!MemberRules.MayManage(access.CurrentRole, open.Role))
                    return Refused.Conflict($"{email} has an open invitation as {open.Role}, which only an owner can change.");
                var renewed = await InvitationRules.Open(db).Where(i => i.Id == open.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Role, role).SetProperty(i => i.InvitedBy, scope.UserId).SetProperty(i => i.ExpiresAt, expires)
                    .SetProperty(i => i.TokenHash, tokenHash).SetProperty(i => i.LastSentAt, now),
                    cancellationToken);
                if (renewed == 1) return open.Id;
            }
            return Refused.ChangedMeanwhile("The invitation changed at the same moment. Try again.");
        }
    }
}
