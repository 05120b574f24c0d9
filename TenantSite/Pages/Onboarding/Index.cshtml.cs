using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Npgsql;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Pages.Onboarding;

/// <summary>
/// Create an organization: the creator becomes its owner and lands on its dashboard, in the mode they came from.
/// Onboarding lives on the root domain only, so the link that leads here says "host" when it comes from a tenant's
/// own host (the switcher); otherwise the new organization opens in path mode, like every tenant link on the root domain.
/// </summary>
[Authorize]
public sealed class Index(AppDbContext db, IMultiTenantStore<OrganizationTenantInfo> tenants, ITenantCache cache, TenantLinks links) : HtmxPageModel
{
    /// <summary>The <see cref="Mode"/> value that asks for host mode.</summary>
    public const string HostMode = "host";

    /// <summary>The onboarding page for a user who is in <paramref name="mode"/>: the new organization opens in it.</summary>
    public static string PathFor(TenancyMode mode) => mode == TenancyMode.Host ? $"/onboarding?mode={HostMode}" : "/onboarding";

    [BindProperty, Required(ErrorMessage = "Enter the organization's name."), StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    public string? Name { get; set; }

    [BindProperty]
    public string? Slug { get; set; }

    /// <summary>From the link that led here (see <see cref="PathFor"/>), carried through the form.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Mode { get; set; }

    /// <summary>The mode the new organization's dashboard opens in; anything but "host" means the root domain's own.</summary>
    public TenancyMode OpensIn => string.Equals(Mode, HostMode, StringComparison.OrdinalIgnoreCase) ? TenancyMode.Host : links.ModeOf(HttpContext);

    /// <summary>The verdict on <see cref="Slug"/> shown next to the field (null: nothing to say yet).</summary>
    public SlugStatus? Status { get; private set; }

    public sealed record SlugStatus(string Slug, bool Available, string Message);

    public void OnGet() { }

    /// <summary>Live check while typing: from the name (suggests a slug) or from the slug field.</summary>
    public async Task<IActionResult> OnGetCheckAsync(string? name, string? slug, CancellationToken cancellationToken)
    {
        Slug = string.IsNullOrWhiteSpace(slug) ? TenantSite.Tenancy.Slug.Suggest(name) : slug.Trim().ToLowerInvariant();
        Status = await CheckAsync(Slug, cancellationToken);
        return Partial("_SlugField", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Name = Name?.Trim();
        Slug = string.IsNullOrWhiteSpace(Slug) ? TenantSite.Tenancy.Slug.Suggest(Name) : Slug.Trim().ToLowerInvariant();
        Status = await CheckAsync(Slug, cancellationToken);
        if (!Status.Available) ModelState.AddModelError(nameof(Slug), Status.Message);
        if (!ModelState.IsValid || string.IsNullOrEmpty(Name)) return await InvalidAsync("_OnboardingForm");

        try
        {
            await db.CreateOrganizationAsync(Name, Slug, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Taken between the check and the insert.
            ModelState.AddModelError(nameof(Slug), $"\"{Slug}\" was just taken. Try another.");
            return await InvalidAsync("_OnboardingForm");
        }
        cache.Invalidate(Slug);
        // TempData travels in a cookie of this host, so only path mode (same host) can show it: the new tenant's host
        // would never see it, and it would surface here on some later page instead.
        // The whole window goes there, for htmx too (HX-Redirect, not a 302 that htmx would follow inside its request
        // and swap the dashboard into the form's place); in host mode that is another host.
        var dashboard = links.ForTenant(HttpContext, Slug, OpensIn);
        return OpensIn == TenancyMode.Path
            ? NavigateWithFlash(dashboard, $"Welcome to {Name}! You are its owner.")
            : HttpContext.NavigateTo(dashboard);
    }

    private async Task<SlugStatus> CheckAsync(string slug, CancellationToken cancellationToken)
    {
        if (TenantSite.Tenancy.Slug.Validate(slug) is { } problem) return new SlugStatus(slug, false, problem);
        return await tenants.GetByIdentifierAsync(slug) is null
            ? new SlugStatus(slug, true, $"{slug} is available.")
            : new SlugStatus(slug, false, $"\"{slug}\" is taken. Try another.");
    }
}
