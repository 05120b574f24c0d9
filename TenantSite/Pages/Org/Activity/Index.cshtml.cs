using TenantSite.Auth;
using TenantSite.Security;

namespace TenantSite.Pages.Org.Activity;

/// <summary>
/// The organization's audit log for owners and admins (read:activity): every change, newest first, filtered by person
/// and kind through a plain GET form, a page at a time. "Load more" fetches the next page with htmx and appends it;
/// without JavaScript it is a link to that page. Input that is not a filter or a cursor of this page is refused with a
/// message (400), never guessed at.
/// </summary>
[RequirePermission(Permissions.ReadActivity)]
public sealed class Index(AppDbContext db, DataScope scope) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Person { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Kind { get; set; }

    /// <summary>The cursor of the page to show (<see cref="ActivityCursor"/>); none for the newest.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public ActivityPage Activity { get; private set; } = new([], [], []);

    /// <summary>The next page's address with the same filters, or null on the last page.</summary>
    public string? NextUrl { get; private set; }

    /// <summary>True when a filter is chosen (the empty list then says that nothing matches, not that nothing happened).</summary>
    public bool Filtered => !string.IsNullOrEmpty(Person) || !string.IsNullOrEmpty(Kind);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ActivityFilter.Parse(Person, Kind, out var error) is not { } filter) return Refuse(error!);
        ActivityCursor? after = null;
        if (!string.IsNullOrEmpty(After))
        {
            if (!ActivityCursor.TryDecode(After, out var cursor))
                return Refuse("This link to older activity is not valid. Start again from the newest activity.");
            after = cursor;
        }

        Activity = await ActivityQuery.LoadAsync(db, scope.OrganizationId!.Value, filter, after, PageSize, cancellationToken);
        if (Activity.Next is { } next)
            NextUrl = Url.Page("/Org/Activity/Index", new { person = NullIfEmpty(Person), kind = NullIfEmpty(Kind), after = next.Encode() });
        return Request.IsHtmx() ? Partial("_Events", this) : Page();
    }

    private StatusCodeResult Refuse(string message)
    {
        HttpContext.Reject(StatusCodes.Status400BadRequest, message);
        return new StatusCodeResult(StatusCodes.Status400BadRequest);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
