using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Tenancy;

namespace TenantSite.Pages.Invitations;

/// <summary>
/// The signed-in user's invitations, on the root domain: before any tenant is chosen, so they come through the
/// SECURITY DEFINER doors, matched by the verified email stored at sign-in, never by an address from the request.
/// Accepting joins with the invited role and opens the organization; declining only answers.
/// </summary>
[Authorize]
public sealed class Index(AppDbContext db, DataScope scope, TenantLinks links) : HtmxPageModel
{
    public const string NotOpen =
        "That invitation is not open any more: it was answered, revoked or has expired. Ask for a new one if you still want to join.";

    public IReadOnlyList<PendingInvitation> Invitations { get; private set; } = [];

    /// <summary>The address invitations reach this user at; null when the provider has not vouched for one.</summary>
    public string? VerifiedEmail { get; private set; }

    /// <summary>The stored address the provider did not vouch for (email_verified: false), if any.</summary>
    public string? UnverifiedEmail { get; private set; }

    /// <summary>Why an answer was refused.</summary>
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAcceptAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        InvitationAnswer? joined;
        try
        {
            joined = await db.AnswerInvitationAsync(id, accept: true, cancellationToken);
        }
        catch (Exception e) when (e.PlanLimitReason() is { } reason)
        {
            // The organization is full: nobody joined and the invitation stays open, to accept once there is room.
            return await RefusedAsync($"{reason} Ask whoever invited you to upgrade its plan, then accept again.", cancellationToken);
        }
        if (joined is null) return await NotOpenAsync(cancellationToken);
        // The organization opens in path mode, on this host, so the flash travels with it (TempData is a cookie).
        return NavigateWithFlash(links.ForTenant(HttpContext, joined.OrganizationSlug), joined.Joined
            ? $"Welcome to {joined.OrganizationName}! You joined as {joined.MemberRole}."
            : $"You were a member of {joined.OrganizationName} already, as {joined.MemberRole}.");
    }

    public async Task<IActionResult> OnPostDeclineAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        if (await db.AnswerInvitationAsync(id, accept: false, cancellationToken) is not { } declined)
            return await NotOpenAsync(cancellationToken);
        return await ChangedAsync($"You declined the invitation to {declined.OrganizationName}.", async () =>
        {
            await LoadAsync(cancellationToken);
            return Partial("_InvitationList", this);
        });
    }

    // One answer for an unknown id, someone else's invitation, and an expired, revoked or answered one.
    private Task<IActionResult> NotOpenAsync(CancellationToken cancellationToken) => RefusedAsync(NotOpen, cancellationToken);

    private async Task<IActionResult> RefusedAsync(string error, CancellationToken cancellationToken)
    {
        Error = error;
        await LoadAsync(cancellationToken);
        return await InvalidAsync("_InvitationList");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Invitations = await db.PendingInvitationsAsync(cancellationToken);
        // The user's own row (RLS lets everyone read their own): to say which address invitations reach.
        var me = await db.Users.Where(u => u.Id == scope.UserId).Select(u => new { u.Email, u.EmailVerified })
            .SingleOrDefaultAsync(cancellationToken);
        VerifiedEmail = me is { EmailVerified: true } ? me.Email : null;
        UnverifiedEmail = me is { EmailVerified: false } ? me.Email : null;
    }
}
