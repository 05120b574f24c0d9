using System.Net.Mail;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Billing;
using TenantSite.Invitations;
using TenantSite.Org.Members;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

namespace TenantSite.Pages.Org.Members;

/// <summary>
/// Inviting by email instead of adding: nobody joins without accepting, through the single-use link the invitation
/// carries (Pages/Join, on the root domain, with any account) or by the invitee's verified email (Pages/Invitations).
/// The link is emailed when a mail server is configured, and shown here once otherwise (or when sending failed); only
/// its token's hash is stored, and resending makes a new one, so the old link stops working. The answer never says
/// whether an address has an account: no account is looked up at all. Saying that an address is
/// already a member reveals nothing new: whoever may invite already sees every member's email in the list above. Only
/// those with manage:members see the open invitations, and the role rules of <see cref="MemberRules"/> apply to them as
/// to members: only an owner invites, renews, resends or revokes an owner's invitation. Resending invites again, so it
/// is judged as inviting, and judged again by its own UPDATE against the roles the database holds then.
/// </summary>
public sealed partial class Index
{
    public const string InvalidEmail = "Enter their email address, like name@example.com.";

    public sealed record InvitationView(Guid Id, string Email, string Role, string? InvitedBy, DateTimeOffset ExpiresAt, DateTimeOffset? SentAt);

    /// <summary>A link just made that was not emailed: shown once, to copy.</summary>
    public InvitationDelivery? NewLink { get; private set; }

    /// <summary>Open invitations (expired ones too, until renewed or revoked), for those with manage:members.</summary>
    public IReadOnlyList<InvitationView> Invitations { get; private set; } = [];

    /// <summary>Why nobody can be invited now (the plan's member limit), shown with an upgrade hint; null otherwise.</summary>
    public string? LimitReached { get; private set; }

    /// <summary>A refused revocation's message, shown above the invitations.</summary>
    public string? InvitationError { get; private set; }

    /// <summary>Whether the current role may renew or revoke an invitation for <paramref name="role"/>.</summary>
    public bool MayChange(string role) => MemberRules.MayManage(access.CurrentRole, role);

    public static string InvitedMessage(string email, string role, bool emailed) => emailed
        ? $"{email} is invited as {role}. We emailed them a link to accept."
        : $"{email} is invited as {role}. Send them the link below to accept.";

    public static string ResentMessage(string email, bool emailed) => emailed
        ? $"We emailed {email} a new link. The earlier one no longer works."
        : $"There is a new link for {email} below. The earlier one no longer works.";

    public static string InvitationChangedMessage(string email, string role) =>
        $"The invitation for {email} was changed to {role} by someone else meanwhile. Nothing was sent.";

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        var role = string.IsNullOrEmpty(Role) ? Roles.Member : Role;
        if (!Roles.IsValid(role)) return await InvalidInviteAsync(MemberRules.UnknownRoleMessage, cancellationToken);
        if (!MemberRules.MayInvite(access.CurrentRole, role)) return Forbid();
        if (NormalizedEmail(Email) is not { } email) return await InvalidInviteAsync(InvalidEmail, cancellationToken);
        // Compared with what the member list shows (RLS lets a member see fellow members' users rows, nobody else's).
        if (await db.Members.AnyAsync(m => m.User!.Email == email, cancellationToken))
            return await InvalidInviteAsync($"{email} is already a member.", cancellationToken);
        // Members only, not open invitations, which may never be accepted: accepting is where the database holds the
        // limit (tenantsite_answer_invitation's insert), and the first to accept takes the last place.
        if (await db.PlanUsageAsync(cancellationToken) is { MembersFull: true } usage)
        {
            LimitReached = usage.MemberLimitMessage;
            return await InvalidAsync(() => InvitationsAsync(cancellationToken), () => LoadAsync(cancellationToken));
        }
        var (token, hash) = InvitationToken.Create();
        var now = DateTimeOffset.UtcNow;
        if (await OpenInvitationAsync(email, role, hash, now, cancellationToken) is { } refusal)
            return await InvalidInviteAsync(refusal, cancellationToken);

        var delivery = await DeliverAsync(email, role, token, now + Invitation.Lifetime, cancellationToken);
        (Email, Role) = (null, null);
        ModelState.Clear();
        return await DeliveredAsync(delivery, InvitedMessage(email, role, delivery.Emailed), cancellationToken);
    }

    /// <summary>A new link (and expiry) for an open invitation, emailed or shown like the first; the old link stops working.</summary>
    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostResendAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        if (await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, cancellationToken) is not { } invitation) return NotFound();
        var role = invitation.Role;
        if (!MemberRules.MayInvite(access.CurrentRole, role)) return Forbid();
        var (token, hash) = InvitationToken.Create();
        var now = DateTimeOffset.UtcNow;
        // Only while it is still open, still for the role just judged, and while the resender's role in the database may
        // still invite for it (the request's may be a moment old): whatever came in meanwhile wins, and the answer says so.
        var mayInvite = MemberRules.MayInviteAs(role);
        var renewed = await OpenInvitations
            .Where(i => i.Id == id && i.Role == role && db.Members.Any(m => m.UserId == scope.UserId && mayInvite.Contains(m.Role)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.TokenHash, hash).SetProperty(i => i.LastSentAt, now)
                .SetProperty(i => i.ExpiresAt, now + Invitation.Lifetime).SetProperty(i => i.InvitedBy, scope.UserId), cancellationToken);
        if (renewed == 0)
        {
            await db.Entry(invitation).ReloadAsync(cancellationToken);
            var open = invitation is { AcceptedAt: null, DeclinedAt: null, RevokedAt: null };
            // Still open and unchanged: it was the resender's own role that no longer allows it.
            if (open && invitation.Role == role) return Forbid();
            InvitationError = open ? InvitationChangedMessage(invitation.Email, invitation.Role)
                : $"The invitation for {invitation.Email} was {Outcome(invitation)} already.";
            return await InvalidAsync(() => InvitationsAsync(cancellationToken), () => LoadAsync(cancellationToken));
        }

        var delivery = await DeliverAsync(invitation.Email, invitation.Role, token, now + Invitation.Lifetime, cancellationToken);
        return await DeliveredAsync(delivery, ResentMessage(invitation.Email, delivery.Emailed), cancellationToken);
    }

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostRevokeAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        if (await db.Invitations.SingleOrDefaultAsync(i => i.Id == id, cancellationToken) is not { } invitation) return NotFound();
        if (!MayChange(invitation.Role)) return Forbid();
        // Only while it is still open: an answer that came in meanwhile wins, and the message says so.
        var revoked = await OpenInvitations.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, DateTimeOffset.UtcNow), cancellationToken);
        if (revoked == 0)
        {
            await db.Entry(invitation).ReloadAsync(cancellationToken);
            InvitationError = $"The invitation for {invitation.Email} was {Outcome(invitation)} already.";
            return await InvalidAsync(() => InvitationsAsync(cancellationToken), () => LoadAsync(cancellationToken));
        }

        return await ChangedAsync($"The invitation for {invitation.Email} is revoked.", () => InvitationsAsync(cancellationToken));
    }

    private IQueryable<Invitation> OpenInvitations =>
        db.Invitations.Where(i => i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null);

    private async Task LoadInvitationsAsync(CancellationToken cancellationToken) =>
        Invitations = !access.Can(Permissions.ManageMembers) ? [] : await OpenInvitations
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.Inviter!.Name ?? i.Inviter.Email, i.ExpiresAt, i.LastSentAt))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Opens an invitation for <paramref name="email"/>, or renews the open one (role, inviter, a new expiry); returns
    /// why not, or null. Another request may open, answer or revoke the same invitation meanwhile: the insert then meets
    /// the unique index of open invitations, the renewal matches no open row, and the next round sees the new state.
    /// </summary>
    private async Task<string?> OpenInvitationAsync(string email, string role, byte[] tokenHash, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var expires = now + Invitation.Lifetime;
        for (var round = 0; round < 3; round++)
        {
            var open = await OpenInvitations.Where(i => i.Email == email).Select(i => new { i.Id, i.Role })
                .SingleOrDefaultAsync(cancellationToken);
            if (open is null)
            {
                db.Invitations.Add(new Invitation
                {
                    Email = email, Role = role, InvitedBy = scope.UserId, ExpiresAt = expires, TokenHash = tokenHash, LastSentAt = now,
                });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return null;
                }
                catch (DbUpdateException e) when (e.IsUniqueViolation("ux_invitations_open_email") ||
                                                  e.IsCheckViolation("ck_invitations_email_lower_case"))
                {
                    db.ChangeTracker.Clear();
                    if (e.IsCheckViolation("ck_invitations_email_lower_case")) return InvalidEmail;
                    continue;
                }
            }
            if (!MayChange(open.Role)) return $"{email} has an open invitation as {open.Role}, which only an owner can change.";
            var renewed = await OpenInvitations.Where(i => i.Id == open.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Role, role).SetProperty(i => i.InvitedBy, scope.UserId).SetProperty(i => i.ExpiresAt, expires)
                .SetProperty(i => i.TokenHash, tokenHash).SetProperty(i => i.LastSentAt, now),
                cancellationToken);
            if (renewed == 1) return null;
        }
        return "The invitation changed at the same moment. Try again.";
    }

    // Lower-cased like the users' stored emails, which sign-in lower-cases; null unless it is one plain address.
    // MailAddress lets control characters through (PostgreSQL refuses NUL outright).
    private static string? NormalizedEmail(string? email)
    {
        email = email?.Trim();
        return email is { Length: > 0 and <= 254 } && !email.Any(char.IsControl) &&
               MailAddress.TryCreate(email, out var address) && address.Address == email && address.DisplayName.Length == 0
            ? email.ToLowerInvariant()
            : null;
    }

    private static string Outcome(Invitation invitation) =>
        invitation.AcceptedAt is not null ? "accepted" : invitation.DeclinedAt is not null ? "declined" : "revoked";

    private Task<IActionResult> InvalidInviteAsync(string error, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(nameof(Email), error);
        return InvalidAsync(() => InvitationsAsync(cancellationToken), () => LoadAsync(cancellationToken));
    }

    // The email names the inviter and the organization as the invitee will see them.
    private async Task<InvitationDelivery> DeliverAsync(string email, string role, string token, DateTimeOffset expires,
        CancellationToken cancellationToken)
    {
        var tenant = HttpContext.GetTenantInfo<OrganizationTenantInfo>()!;
        var inviter = await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.Name ?? u.Email ?? u.Subject)
            .SingleOrDefaultAsync(cancellationToken) ?? "A member";
        return await mail.DeliverAsync(HttpContext,
            new InvitationLetter(email, tenant.Name ?? tenant.Identifier, tenant.Identifier, role, inviter, expires), token, cancellationToken);
    }

    // Emailed: the usual answer to a change. Not emailed: the link, once, on the page or in the fragment, never cached
    // (like a new API key), and never through a redirect (it would sit in the TempData cookie).
    private async Task<IActionResult> DeliveredAsync(InvitationDelivery delivery, string message, CancellationToken cancellationToken)
    {
        if (delivery.Emailed) return await ChangedAsync(message, () => InvitationsAsync(cancellationToken));
        NewLink = delivery;
        Response.Headers.CacheControl = "no-store";
        if (Request.IsHtmx()) return await ChangedAsync(message, () => InvitationsAsync(cancellationToken));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> InvitationsAsync(CancellationToken cancellationToken)
    {
        await LoadInvitationsAsync(cancellationToken);
        return Partial("_Invitations", this);
    }
}
