using TenantSite.Auth;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

namespace TenantSite.Pages.Org.Settings;

/// <summary>
/// The organization's name, its URL name (slug), its API keys (Index.ApiKeys.cs) and, for owners, deleting it. A new slug takes effect at once and
/// the old one simply stops resolving (404): redirecting old links would mean keeping past slugs reserved forever,
/// and the page says plainly that links with the old URL stop working.
/// </summary>
[RequirePermission(Permissions.ManageSettings)]
public sealed partial class Index(AppDbContext db, ITenantCache tenantCache, TenantLinks links, CurrentMemberships access, DataScope scope)
    : HtmxPageModel
{
    public const int MaxNameLength = 100;

    public string CurrentName { get; private set; } = "";
    public string CurrentSlug { get; private set; } = "";

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? NewSlug { get; set; }

    [BindProperty]
    public string? ConfirmSlug { get; set; }

    /// <summary>Set by the redirect after a slug change, to say that the old address is gone.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Moved { get; set; }

    public CurrentMemberships Access => access;

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken cancellationToken)
    {
        var organization = await CurrentAsync(cancellationToken);
        var name = Name?.Trim();
        if (NameError(name) is { } nameError) return await InvalidAsync(organization, nameof(Name), nameError, "_RenameOrganization", cancellationToken);

        organization.Name = name!;
        await db.SaveChangesAsync(cancellationToken);
        // The cached tenant carries the name the header shows.
        tenantCache.Invalidate(organization.Slug);
        // htmx gets the form, which carries the flash and the header's new name out of band.
        return Changed($"Organization renamed to \"{name}\".", () =>
        {
            ModelState.Clear();
            Show(organization);
            return Partial("_RenameOrganization", this);
        });
    }

    public async Task<IActionResult> OnPostSlugAsync(CancellationToken cancellationToken)
    {
        var organization = await CurrentAsync(cancellationToken);
        var slug = NewSlug?.Trim().ToLowerInvariant();
        var error = slug == organization.Slug ? "That is already its URL name." : Slug.Validate(slug);
        if (error is not null) return await InvalidAsync(organization, nameof(NewSlug), error, "_ChangeSlug", cancellationToken);

        var oldSlug = organization.Slug;
        organization.Slug = slug!;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation("ux_organizations_slug"))
        {
            // The unique index decides (another organization may take the name this very moment); the runtime role
            // cannot even see other organizations to check beforehand.
            organization.Slug = oldSlug;
            db.ChangeTracker.Clear();
            return await InvalidAsync(organization, nameof(NewSlug), $"\"{slug}\" is already taken.", "_ChangeSlug", cancellationToken);
        }

        // The old slug must stop resolving now, and a cached "not found" for the new one must not linger.
        tenantCache.Invalidate(oldSlug);
        tenantCache.Invalidate(slug!);
        return HttpContext.NavigateTo(links.ForTenant(HttpContext, slug!, "/settings?moved=true"));
    }

    [RequirePermission(Permissions.DeleteOrganization)]
    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var organization = await CurrentAsync(cancellationToken);
        if (ConfirmSlug?.Trim() != organization.Slug)
            return await InvalidAsync(organization, nameof(ConfirmSlug), $"Type \"{organization.Slug}\" to confirm.", "_DeleteOrganization",
                cancellationToken);

        // Members, projects and tasks go with it (ON DELETE CASCADE; the keep-one-owner trigger lets a deleted
        // organization go).
        db.Organizations.Remove(organization);
        await db.SaveChangesAsync(cancellationToken);
        tenantCache.Invalidate(organization.Slug);
        return HttpContext.NavigateTo(links.ForRoot(HttpContext, "/"));
    }

    /// <summary>Why <paramref name="name"/> (trimmed) cannot be a name here, or null: the organization's and a key's alike.</summary>
    private static string? NameError(string? name) =>
        string.IsNullOrEmpty(name) ? "Enter a name."
        : name.Length > MaxNameLength ? $"Use at most {MaxNameLength} characters."
        : null;

    // Only ever the request's own organization: the id comes from the resolved tenant, never from the form.
    private Guid OrganizationId => HttpContext.GetTenantInfo<OrganizationTenantInfo>()!.OrganizationId;

    private Task<Organization> CurrentAsync(CancellationToken cancellationToken)
    {
        var id = OrganizationId;
        return db.Organizations.SingleAsync(o => o.Id == id, cancellationToken);
    }

    // The whole page: the organization and its keys in one query (a correlated collection), so that the page stays at
    // two round-trips with the membership check (Pages/Org/RoundTripsShould).
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var id = OrganizationId;
        var page = await db.Organizations.Where(o => o.Id == id)
            .Select(o => new
            {
                o.Name, o.Slug,
                Keys = db.ApiKeys.Where(k => k.OrganizationId == o.Id).Select(KeyView).ToList(),
            })
            .SingleAsync(cancellationToken);
        Show(page.Name, page.Slug);
        ApiKeys = Ordered(page.Keys);
    }

    private void Show(Organization organization) => Show(organization.Name, organization.Slug);

    private void Show(string name, string slug)
    {
        (CurrentName, CurrentSlug) = (name, slug);
        Name ??= name;
        NewSlug ??= slug;
    }

    private Task<IActionResult> InvalidAsync(Organization organization, string field, string error, string fragment,
        CancellationToken cancellationToken)
    {
        ModelState.AddModelError(field, error);
        Show(organization);
        return InvalidAsync(fragment, loadPage: () => LoadAsync(cancellationToken));
    }
}
