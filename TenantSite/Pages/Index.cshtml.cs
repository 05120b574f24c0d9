using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TenantSite.Auth;

namespace TenantSite.Pages;

/// <summary>The root domain's front door: sign in, pick one of your organizations, or start one.</summary>
public sealed class Index(CurrentMemberships memberships) : PageModel
{
    public IReadOnlyList<Membership> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true) return Page();
        Organizations = await memberships.GetAllAsync(cancellationToken);
        // A signed-in user with no organization has nothing to see here yet.
        return Organizations.Count == 0 ? RedirectToPage("/Onboarding/Index") : Page();
    }
}
