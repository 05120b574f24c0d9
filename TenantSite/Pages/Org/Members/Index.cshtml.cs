using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Auth;
using TenantSite.Invitations;
using TenantSite.Org;
using TenantSite.Org.Members;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

namespace TenantSite.Pages.Org.Members;

/// <summary>
/// The organization's members; for manage:members also the open invitations. Every write is its command (Org/Members),
/// within <see cref="MemberRules"/>: role changes and removals (leaving is removing oneself), which apply only while the
/// member still has the role the page showed; invitations by email, resent with a new link, revoked. Changes answer htmx
/// with a fragment and plain forms with a redirect, like the dashboard, and refusals in place. A new link is emailed, or,
/// without a mail server (or when it refused the message), shown here once.
/// </summary>
public sealed class Index(AppDbContext db, CurrentMemberships access, DataScope scope, TenantLinks links, InvitationMail mail) : HtmxPageModel
{
    public sealed record MemberView(Guid UserId, string Name, string? Email, string Role, DateTimeOffset Joined);

    public sealed record InvitationView(Guid Id, string Email, string Role, string? InvitedBy, DateTimeOffset ExpiresAt, DateTimeOffset? SentAt);

    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    /// <summary>Open invitations (expired ones too, until renewed or revoked), for those with manage:members.</summary>
    public IReadOnlyList<InvitationView> Invitations { get; private set; } = [];

    /// <summary>A role change or removal refused in a plain-form post, shown on its row.</summary>
    public (Guid UserId, string Error)? FailedChange { get; private set; }

    /// <summary>A link just made that was not emailed: shown once, to copy.</summary>
    public InvitationDelivery? NewLink { get; private set; }

    /// <summary>Why nobody can be invited now (the plan's member limit), shown with an upgrade hint; null otherwise.</summary>
    public string? LimitReached { get; private set; }

    /// <summary>A refused resend's or revocation's message, shown above the invitations.</summary>
    public string? InvitationError { get; private set; }

    /// <summary>The address to invite.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The role to invite someone as, or the new role of an existing member.</summary>
    [BindProperty]
    public string? Role { get; set; }

    /// <summary>The member's role as their row showed it, sent with a role change or removal.</summary>
    [BindProperty]
    public string? SeenRole { get; set; }

    public CurrentMemberships Access => access;

    /// <summary>Whether the current role may resend or revoke an invitation for <paramref name="role"/>.</summary>
    public bool MayChange(string role) => MemberRules.MayManage(access.CurrentRole, role);

    public static string InvitedMessage(string email, string role, bool emailed) => emailed
        ? $"{email} is invited as {role}. We emailed them a link to accept."
        : $"{email} is invited as {role}. Send them the link below to accept.";

    public static string ResentMessage(string email, bool emailed) => emailed
        ? $"We emailed {email} a new link. The earlier one no longer works."
        : $"There is a new link for {email} below. The earlier one no longer works.";

    public static string CountText(int count) => count == 1 ? "1 member" : $"{count} members";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostRoleAsync([BindRequired] Guid userId, [FromServices] ChangeRole.Handler change,
        CancellationToken cancellationToken)
    {
        var result = await change.HandleAsync(new ChangeRole(userId, Role, SeenRole), cancellationToken);
        if (result.Refused is { } refused) return await RefusedRowAsync(userId, refused, cancellationToken);
        var message = $"{result.Value.User!.DisplayName} is now {result.Value.Role}.";
        // Changing one's own role changes what this page may show: load it afresh.
        if (userId == scope.UserId) return NavigateWithFlash(Url.Page("/Org/Members/Index")!, message);
        return await RowChangedAsync(userId, message, cancellationToken);
    }

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostRemoveAsync([BindRequired] Guid userId, [FromServices] RemoveMember.Handler remove,
        CancellationToken cancellationToken)
    {
        var result = await remove.HandleAsync(new RemoveMember(userId, SeenRole), cancellationToken);
        if (result.Refused is { } refused) return await RefusedRowAsync(userId, refused, cancellationToken);
        // Whoever removes themselves (leaves) is no longer a member here: back to the root domain.
        if (userId == scope.UserId) return HttpContext.NavigateTo(links.ForRoot(HttpContext, "/"));
        return await RowChangedAsync(null, $"{result.Value.User!.DisplayName} removed.", cancellationToken);
    }

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostInviteAsync([FromServices] InviteMember.Handler invite, CancellationToken cancellationToken)
    {
        var result = await invite.HandleAsync(new InviteMember(Email, Role), cancellationToken);
        if (result.Refused is { Kind: not (Refusal.NotFound or Refusal.Forbidden) } refused)
        {
            // The form has one place for a message, under the address (a refused role's too); the plan's limit comes with the way up.
            if (refused.Kind == Refusal.PlanLimit) LimitReached = refused.Message;
            else ModelState.AddModelError(nameof(Email), refused.Message);
            return await InvalidAsync(() => InvitationsAsync(cancellationToken), () => LoadAsync(cancellationToken));
        }
        if (result.Refused is { } denied) return Refuse(denied);
        var link = result.Value;
        (Email, Role) = (null, null);
        ModelState.Clear();
        return await DeliverAsync(link, emailed => InvitedMessage(link.Email, link.Role, emailed), cancellationToken);
    }

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostResendAsync([BindRequired] Guid id, [FromServices] ResendInvitation.Handler resend,
        CancellationToken cancellationToken)
    {
        var result = await resend.HandleAsync(new ResendInvitation(id), cancellationToken);
        if (result.Refused is { } refused) return await RefusedInvitationAsync(refused, cancellationToken);
        var link = result.Value;
        return await DeliverAsync(link, emailed => ResentMessage(link.Email, emailed), cancellationToken);
    }

    [RequirePermission(Permissions.ManageMembers)]
    public async Task<IActionResult> OnPostRevokeAsync([BindRequired] Guid id, [FromServices] RevokeInvitation.Handler revoke,
        CancellationToken cancellationToken)
    {
        var result = await revoke.HandleAsync(new RevokeInvitation(id), cancellationToken);
        if (result.Refused is { } refused) return await RefusedInvitationAsync(refused, cancellationToken);
        return await ChangedAsync($"The invitation for {result.Value.Email} is revoked.", () => InvitationsAsync(cancellationToken));
    }

    /// <summary>The row of <paramref name="member"/> with the controls the current role may use on it.</summary>
    public MemberRow Row(MemberView member, string? error = null)
    {
        var manageable = access.Can(Permissions.ManageMembers) && MemberRules.MayManage(access.CurrentRole, member.Role);
        error ??= FailedChange is { } failed && failed.UserId == member.UserId ? failed.Error : null;
        return new MemberRow(member, manageable, MemberRules.Grantable(access.CurrentRole), member.UserId == scope.UserId, error);
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        (Members, Invitations) = await MemberList.LoadAsync(db, withInvitations: access.Can(Permissions.ManageMembers), cancellationToken);

    // htmx gets the row (or nothing, to remove it) with the count and the flash out of band.
    private Task<IActionResult> RowChangedAsync(Guid? changed, string message, CancellationToken cancellationToken) =>
        ChangedAsync(message, async () =>
        {
            var row = changed is null ? null : Row(await MemberList.Views(db.Members.Where(m => m.UserId == changed)).SingleAsync(cancellationToken));
            return Partial("_MemberChanged", new MemberChanged(row, await db.Members.CountAsync(cancellationToken), message));
        });

    // A refusal the row shows (the last owner, a role changed meanwhile, an out-of-date form), with the member as they are now.
    private async Task<IActionResult> RefusedRowAsync(Guid userId, Refused refused, CancellationToken cancellationToken)
    {
        if (refused.Kind is Refusal.NotFound or Refusal.Forbidden) return Refuse(refused);
        var view = await MemberList.Views(db.Members.Where(m => m.UserId == userId)).SingleOrDefaultAsync(cancellationToken);
        if (view is null) return NotFound();
        return await InvalidAsync("_MemberRow", Row(view, refused.Message), async () =>
        {
            FailedChange = (userId, refused.Message);
            await LoadAsync(cancellationToken);
        });
    }

    // A resend or revocation that came too late (answered, revoked, changed meanwhile): said above the invitations as they are now.
    private async Task<IActionResult> RefusedInvitationAsync(Refused refused, CancellationToken cancellationToken)
    {
        if (refused.Kind is Refusal.NotFound or Refusal.Forbidden) return Refuse(refused);
        InvitationError = refused.Message;
        return await InvalidAsync(() => InvitationsAsync(cancellationToken), () => LoadAsync(cancellationToken));
    }

    // The email names the inviter and the organization as the invitee will see them. Emailed: the usual answer to a
    // change. Not emailed: the link, once, on the page or in the fragment, never cached (like a new API key), and never
    // through a redirect (it would sit in the TempData cookie).
    private async Task<IActionResult> DeliverAsync(InvitationToSend link, Func<bool, string> message, CancellationToken cancellationToken)
    {
        var tenant = HttpContext.GetTenantInfo<OrganizationTenantInfo>()!;
        var inviter = await db.Users.Where(u => u.Id == scope.UserId).Select(u => u.Name ?? u.Email ?? u.Subject)
            .SingleOrDefaultAsync(cancellationToken) ?? "A member";
        var letter = new InvitationLetter(link.Email, tenant.Name ?? tenant.Identifier, tenant.Identifier, link.Role, inviter, link.ExpiresAt);
        var delivery = await mail.DeliverAsync(HttpContext, letter, link.Token, cancellationToken);
        if (delivery.Emailed) return await ChangedAsync(message(true), () => InvitationsAsync(cancellationToken));
        NewLink = delivery;
        Response.Headers.CacheControl = "no-store";
        if (Request.IsHtmx()) return await ChangedAsync(message(false), () => InvitationsAsync(cancellationToken));
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> InvitationsAsync(CancellationToken cancellationToken)
    {
        Invitations = access.Can(Permissions.ManageMembers) ? await MemberList.OpenInvitations(db).ToListAsync(cancellationToken) : [];
        return Partial("_Invitations", this);
    }
}

/// <summary>One member row: whether the viewer may change it, to which roles, and a refused change's message.</summary>
public sealed record MemberRow(Index.MemberView Member, bool Manageable, IReadOnlyList<string> Roles, bool IsSelf, string? Error = null);

/// <summary>The answer to a row-level change: the row (null: remove it), the new count and the flash.</summary>
public sealed record MemberChanged(MemberRow? Row, int Count, string Flash);
