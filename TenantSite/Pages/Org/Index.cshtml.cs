using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TenantSite.Auth;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Infrastructure;

namespace TenantSite.Pages.Org;

/// <summary>
/// The organization's dashboard: its projects, newest first, with task counts; create, rename and delete.
/// Each change answers htmx with a fragment and everything else with a redirect back (every form works without JS).
/// </summary>
public sealed class Index(AppDbContext db, CurrentMemberships access) : PageModel
{
    public sealed record ProjectSummary(Guid Id, string Name, int Total, int Completed);

    public IReadOnlyList<ProjectSummary> Projects { get; private set; } = [];

    [BindProperty, Required(ErrorMessage = "Enter a project name."), StringLength(100, ErrorMessage = "Use at most 100 characters.")]
    public string? Name { get; set; }

    public CurrentMemberships Access => access;

    /// <summary>Set on an htmx change: the fragment carries it out of band into the layout's flash area.</summary>
    public string? Flash { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        Name = Name?.Trim();
        // The create form targets the whole list section, so the answer to a bad name is the list with the message.
        if (!ModelState.IsValid || string.IsNullOrEmpty(Name)) return await Invalid("_ProjectList", this, cancellationToken);

        db.Projects.Add(new Project { Name = Name });
        await db.SaveChangesAsync(cancellationToken);
        return await Changed($"Project \"{Name}\" created.", cancellationToken, clearForm: true);
    }

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostRenameAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null) return NotFound();
        Name = Name?.Trim();
        if (!ModelState.IsValid || string.IsNullOrEmpty(Name))
        {
            var summary = await Summaries(db.Projects.Where(p => p.Id == id)).SingleAsync(cancellationToken);
            return await Invalid("_ProjectRow", new ProjectRow(summary with { Name = Name ?? "" }, access, Editing: true, Error: Error("Name")), cancellationToken);
        }

        project.Name = Name;
        await db.SaveChangesAsync(cancellationToken);
        if (!Request.IsHtmx()) return Redirected($"Project renamed to \"{Name}\".");
        var row = await Summaries(db.Projects.Where(p => p.Id == id)).SingleAsync(cancellationToken);
        return Partial("_ProjectRow", new ProjectRow(row, access));
    }

    [RequirePermission(Permissions.DeleteProjects)]
    public async Task<IActionResult> OnPostDeleteAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null) return NotFound();
        db.Projects.Remove(project);
        await db.SaveChangesAsync(cancellationToken);
        return await Changed($"Project \"{project.Name}\" deleted.", cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Projects = await Summaries(db.Projects.OrderByDescending(p => p.CreatedAt)).ToListAsync(cancellationToken);

    // No tenant condition here: the query filter and RLS both bind it to the current organization.
    private static IQueryable<ProjectSummary> Summaries(IQueryable<Project> projects) =>
        projects.Select(p => new ProjectSummary(p.Id, p.Name, p.Tasks.Count, p.Tasks.Count(t => t.Completed)));

    private async Task<IActionResult> Changed(string message, CancellationToken cancellationToken, bool clearForm = false)
    {
        if (!Request.IsHtmx()) return Redirected(message);
        if (clearForm) { Name = null; ModelState.Clear(); }
        await LoadAsync(cancellationToken);
        Flash = message;
        return Partial("_ProjectList", this);
    }

    private async Task<IActionResult> Invalid(string fragment, object model, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        if (Request.IsHtmx() && fragment != "_ProjectList") return Partial(fragment, model);
        await LoadAsync(cancellationToken);
        return Request.IsHtmx() ? Partial(fragment, model) : Page();
    }

    private IActionResult Redirected(string message)
    {
        TempData["Flash"] = message;
        return RedirectToPage();
    }

    private string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage ?? (string.IsNullOrEmpty(Name) ? "Enter a project name." : null);
}

/// <summary>One project row and what the viewer may do with it.</summary>
public sealed record ProjectRow(Index.ProjectSummary Project, CurrentMemberships Access, bool Editing = false, string? Error = null);
