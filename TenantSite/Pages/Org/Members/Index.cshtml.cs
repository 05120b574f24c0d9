using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Invitations;
using TenantSite.Org;
using TenantSite.Org.Members;
using TenantSite.Tenancy;

namespace TenantSite.Pages.Org.Members;

/// <summary>
/// The organization's members. Every member may read the list; manage:members invites people by email (see
/// Index.Invitations.cs), changes roles and removes members, within <see cref="MemberRules"/>. A change applies only
/// while the member still has the role the page showed: one made meanwhile by someone else is kept, and the page says
/// so. Changes answer htmx with a fragment and plain forms with a redirect, like the dashboard.
/// </summary>
public sealed partial class Index(AppDbContext db, CurrentMemberships access, DataScope scope, TenantLinks links,
    InvitationMail mail) : HtmxPageModel
{
    public sealed record MemberView(Guid UserId, string Name, string? Email, string Role, DateTimeOffset Joined);

    public IReadOnlyList<MemberView> Members { get; private set; } = [];

    /// <summary>A role change or removal refused in a plain-form post, shown on its row.</summary>
    public (Guid UserId, string Error)? FailedChange { get; private set; }

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

    /// <summary>The row of <paramref name="member"/> with the controls the current role may use on it.</summary>
    public MemberRow Row(MemberView member, string? error = null)
    {
        var manageable = access.Can(Permissions.ManageMembers) && MemberRules.MayManage(access.CurrentRole, member.Role);
        error ??= FailedChange is { } failed && failed.UserId == member.UserId ? failed.Error : null;
        return new MemberRow(member, manageable, MemberRules.Grantable(access.CurrentRole), member.UserId == scope.UserId, error);
    }

    public static string CountText(int count) => count == 1 ? "1 member" : $"{count} members";

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!access.Can(Permissions.ManageMembers))
        {
            Members = await Views(db.Members.OrderBy(m => m.CreatedAt).ThenBy(m => m.UserId)).ToListAsync(cancellationToken);
            return;
        }
        // Those who manage members also see the open invitations: both in one query (UNION ALL), so the page stays at
        // two round-trips with the membership check (bench/RESULTS.md).
        var rows = await db.Members
            .Select(m => new
            {
                IsInvitation = false, Id = m.UserId, Name = (string?)(m.User!.Name ?? m.User.Email ?? m.User.Subject), Email = m.User.Email,
                m.Role, At = m.CreatedAt, ExpiresAt = (DateTimeOffset?)null, SentAt = (DateTimeOffset?)null,
            })
            .Concat(OpenInvitations.Select(i => new
            {
                IsInvitation = true, i.Id, Name = i.Inviter!.Name ?? i.Inviter.Email, Email = (string?)i.Email,
                i.Role, At = i.CreatedAt, ExpiresAt = (DateTimeOffset?)i.ExpiresAt, SentAt = i.LastSentAt,
            }))
            .OrderBy(r => r.IsInvitation).ThenBy(r => r.At).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        Members = [.. rows.Where(r => !r.IsInvitation).Select(r => new MemberView(r.Id, r.Name!, r.Email, r.Role, r.At))];
        Invitations = [.. rows.Where(r => r.IsInvitation).Select(r => new InvitationView(r.Id, r.Email!, r.Role, r.Name, r.ExpiresAt!.Value, r.SentAt))];
    }

    // No tenant condition: the query filter and RLS bind members (and the users they can see) to this organization.
    private static IQueryable<MemberView> Views(IQueryable<OrganizationMember> members) => members.Select(m =>
        new MemberView(m.UserId, m.User!.Name ?? m.User.Email ?? m.User.Subject, m.User.Email, m.Role, m.CreatedAt));

    // htmx gets the row (or nothing, to remove it) with the count and the flash out of band.
    private Task<IActionResult> RowChangedAsync(Guid? changed, string message, CancellationToken cancellationToken) =>
        ChangedAsync(message, async () =>
        {
            var row = changed is null ? null : Row(await Views(db.Members.Where(m => m.UserId == changed)).SingleAsync(cancellationToken));
            return Partial("_MemberChanged", new MemberChanged(row, await db.Members.CountAsync(cancellationToken), message));
        });

    // A refusal the row shows (the last owner, a role changed meanwhile, an out-of-date form), with the member as they are now.
    private async Task<IActionResult> RefusedRowAsync(Guid userId, Refused refused, CancellationToken cancellationToken)
    {
        if (refused.Kind is Refusal.NotFound or Refusal.Forbidden) return Refuse(refused);
        if (await Views(db.Members.Where(m => m.UserId == userId)).SingleOrDefaultAsync(cancellationToken) is not { } view) return NotFound();
        return await InvalidAsync("_MemberRow", Row(view, refused.Message), async () =>
        {
            FailedChange = (userId, refused.Message);
            await LoadAsync(cancellationToken);
        });
    }
}

/// <summary>One member row: whether the viewer may change it, to which roles, and a refused change's message.</summary>
public sealed record MemberRow(Index.MemberView Member, bool Manageable, IReadOnlyList<string> Roles, bool IsSelf, string? Error = null);

/// <summary>The answer to a row-level change: the row (null: remove it), the new count and the flash.</summary>
public sealed record MemberChanged(MemberRow? Row, int Count, string Flash);
