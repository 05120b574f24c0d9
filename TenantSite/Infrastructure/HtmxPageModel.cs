
namespace TenantSite.Infrastructure;

/// <summary>
/// The answers every form page gives, in one place, so that each form works with htmx and without JavaScript alike.
/// A change that worked: htmx gets a fragment that carries the message out of band into the layout's flash area, a
/// plain form gets a redirect back (post/redirect/get) with the message kept in TempData for the next page. Input that
/// cannot be saved: 422 with the messages in place, as the form's fragment or as the whole page.
/// </summary>
public abstract class HtmxPageModel : PageModel
{
    /// <summary>The TempData key of the message the layout shows once, on the page after a redirect.</summary>
    public const string FlashKey = "Flash";

    /// <summary>Set on a change answered to htmx: the fragment renders it out of band into the layout's flash area.</summary>
    public string? Flash { get; private set; }

    /// <summary>
    /// A change worked: htmx gets what <paramref name="fragment"/> renders (with <see cref="Flash"/> set), a plain form a
    /// redirect back to this page (with <paramref name="routeValues"/>) that shows <paramref name="message"/>.
    /// </summary>
    protected async Task<IActionResult> ChangedAsync(string message, Func<Task<IActionResult>> fragment, object? routeValues = null)
    {
        if (!Request.IsHtmx()) return RedirectWithFlash(message, routeValues);
        Flash = message;
        return await fragment();
    }

    /// <inheritdoc cref="ChangedAsync(string, Func{Task{IActionResult}}, object?)"/>
    protected IActionResult Changed(string message, Func<IActionResult> fragment, object? routeValues = null)
    {
        if (!Request.IsHtmx()) return RedirectWithFlash(message, routeValues);
        Flash = message;
        return fragment();
    }

    /// <summary>
    /// Sends the whole window to <paramref name="url"/> (see <see cref="Htmx.NavigateTo"/>) to show
    /// <paramref name="message"/> there: on this host only, as TempData travels in this host's cookie.
    /// </summary>
    protected IActionResult NavigateWithFlash(string url, string message)
    {
        TempData[FlashKey] = message;
        return HttpContext.NavigateTo(url);
    }

    /// <summary>
    /// The input could not be saved: 422 with the messages in place. htmx gets what <paramref name="fragment"/>
    /// renders; a plain form gets the whole page, once <paramref name="loadPage"/> has loaded what it shows.
    /// </summary>
    protected async Task<IActionResult> InvalidAsync(Func<Task<IActionResult>> fragment, Func<Task>? loadPage = null)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        if (Request.IsHtmx()) return await fragment();
        if (loadPage is not null) await loadPage();
        return Page();
    }

    /// <summary>Like <see cref="InvalidAsync(Func{Task{IActionResult}}, Func{Task}?)"/>, for the partial view <paramref name="fragment"/> of <paramref name="model"/> (default: the page).</summary>
    protected Task<IActionResult> InvalidAsync(string fragment, object? model = null, Func<Task>? loadPage = null) =>
        InvalidAsync(() => Task.FromResult<IActionResult>(Partial(fragment, model ?? this)), loadPage);

    /// <summary>
    /// What every page answers a refused command it does not show in place: 404 when nothing was found (another
    /// organization's id included), 403 when the role does not allow it, and otherwise 409 with the refusal's message on
    /// the error page (for htmx, in the flash area). Handlers show the kinds they have a place for first.
    /// </summary>
    protected IActionResult Refuse(Refused refused)
    {
        switch (refused.Kind)
        {
            case Refusal.NotFound: return NotFound();
            case Refusal.Forbidden: return Forbid();
            default:
                HttpContext.Reject(StatusCodes.Status409Conflict, refused.Message);
                return StatusCode(StatusCodes.Status409Conflict);
        }
    }

    private RedirectToPageResult RedirectWithFlash(string message, object? routeValues)
    {
        TempData[FlashKey] = message;
        return RedirectToPage(routeValues);
    }
}
