using TenantSite.Auth;

namespace TenantSite.Pages;

/// <summary>The root domain's front door: sign in, pick one of your organizations, answer invitations, or start one.</summary>
public sealed class Index(CurrentMemberships memberships, AppDbContext db) : PageModel
{
    public IReadOnlyList<Membership> Organizations { get; private set; } = [];

    /// <summary>How many open invitations wait for the signed-in user.</summary>
    public int InvitationCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true) return Page();
        Organizations = await memberships.GetAllAsync(cancellationToken);
        InvitationCount = (await db.PendingInvitationsAsync(cancellationToken)).Count;
        if (Organizations.Count > 0) return Page();
        // A signed-in user with no organization has nothing to see here yet: their invitations, or a new organization.
        return InvitationCount > 0 ? RedirectToPage("/Invitations/Index") : RedirectToPage("/Onboarding/Index");
    }
}
