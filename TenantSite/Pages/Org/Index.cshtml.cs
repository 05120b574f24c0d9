using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Auth;
using TenantSite.Billing;
using TenantSite.Live;

namespace TenantSite.Pages.Org;

/// <summary>
/// The organization's dashboard: its projects, newest first, with task counts; create, rename and delete.
/// Each change answers htmx with a fragment and everything else with a redirect back (every form works without JS).
/// </summary>
public sealed class Index(AppDbContext db, CurrentMemberships access) : HtmxPageModel
{
    public sealed record ProjectSummary(Guid Id, string Name, int Total, int Completed);

    public IReadOnlyList<ProjectSummary> Projects { get; private set; } = [];

    [BindProperty, Required(ErrorMessage = "Enter a project name."), StringLength(Project.MaxNameLength, ErrorMessage = "Use at most {1} characters.")]
    public string? Name { get; set; }

    public CurrentMemberships Access => access;

    /// <summary>Why no project can be created now (the plan's limit), shown with an upgrade hint; null otherwise.</summary>
    public string? LimitReached { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    // Live updates (Live/): the dashboard's event stream. Its "projects" event makes the project table fetch itself
    // again (OnGetTable), so a teammate's change shows up without a reload; the create form is left as typed.
    [RequirePermission(Permissions.ReadProjects)]
    public Task<IActionResult> OnGetLiveAsync([FromServices] LiveStream live) => live.ServeAsync(HttpContext, projectId: null, "projects");

    /// <summary>The project table alone, with the count out of band: what a live update fetches.</summary>
    public async Task<IActionResult> OnGetTableAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_ProjectTable", new ProjectTable(this, CountOutOfBand: true));
    }

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        Name = Name?.Trim();
        if (!ModelState.IsValid || string.IsNullOrEmpty(Name))
            return await InvalidAsync(() => ProjectListAsync(cancellationToken), () => LoadAsync(cancellationToken));

        // The plan's limit, said before trying; the database's trigger settles a race between creates.
        if (await db.PlanUsageAsync(cancellationToken) is { ProjectsFull: true } usage)
            return await LimitReachedAsync(usage.ProjectLimitMessage, cancellationToken);
        db.Projects.Add(new Project { Name = Name });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.PlanLimitReason() is { } reason)
        {
            db.ChangeTracker.Clear();
            return await LimitReachedAsync(reason, cancellationToken);
        }
        return await ChangedAsync($"Project \"{Name}\" created.", () =>
        {
            Name = null;
            ModelState.Clear();
            return ProjectListAsync(cancellationToken);
        });
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
            return await InvalidAsync("_ProjectRows", new ProjectRows([summary with { Name = Name ?? "" }], access, Editing: true, Error: Error("Name")),
                () => LoadAsync(cancellationToken));
        }

        project.Name = Name;
        await db.SaveChangesAsync(cancellationToken);
        return await ChangedAsync($"Project renamed to \"{Name}\".", async () =>
            Partial("_ProjectRows", new ProjectRows([await Summaries(db.Projects.Where(p => p.Id == id)).SingleAsync(cancellationToken)], access)));
    }

    [RequirePermission(Permissions.DeleteProjects)]
    public async Task<IActionResult> OnPostDeleteAsync([BindRequired] Guid id, CancellationToken cancellationToken)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (project is null) return NotFound();
        db.Projects.Remove(project);
        await db.SaveChangesAsync(cancellationToken);
        return await ChangedAsync($"Project \"{project.Name}\" deleted.", () => ProjectListAsync(cancellationToken));
    }

    // Nothing was saved: the form stays as it was, with the reason and the way to a larger plan.
    private Task<IActionResult> LimitReachedAsync(string reason, CancellationToken cancellationToken)
    {
        LimitReached = reason;
        return InvalidAsync(() => ProjectListAsync(cancellationToken), () => LoadAsync(cancellationToken));
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Projects = await AllSummaries(db).ToListAsync(cancellationToken);

    // The dashboard's query, compiled once (bench/RESULTS.md). One grouped join counts every project's tasks, where
    // the projection in Summaries would run two correlated counts per project.
    private static readonly Func<AppDbContext, IAsyncEnumerable<ProjectSummary>> AllSummaries =
        EF.CompileAsyncQuery((AppDbContext db) =>
            from p in db.Projects
            join t in db.Tasks on p.Id equals t.ProjectId into tasks
            from t in tasks.DefaultIfEmpty()
            group t by new { p.Id, p.Name, p.CreatedAt } into g
            // Newest first; projects created together (one transaction: one now()) in a stable order.
            orderby g.Key.CreatedAt descending, g.Key.Name, g.Key.Id
            select new ProjectSummary(g.Key.Id, g.Key.Name, g.Count(t => t != null), g.Count(t => t != null && t.Completed)));

    // No tenant condition here: the query filter and RLS both bind it to the current organization.
    private static IQueryable<ProjectSummary> Summaries(IQueryable<Project> projects) =>
        projects.Select(p => new ProjectSummary(p.Id, p.Name, p.Tasks.Count, p.Tasks.Count(t => t.Completed)));

    // The create form targets the whole list section: its answers (the new list, or the form's errors) are the list.
    private async Task<IActionResult> ProjectListAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_ProjectList", this);
    }

    private string? Error(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage ?? (string.IsNullOrEmpty(Name) ? "Enter a project name." : null);
}

/// <summary>
/// Project rows and what the viewer may do with them: the whole list, or the one row a rename answers with
/// (<see cref="Editing"/>: its form reopened with <see cref="Error"/>).
/// </summary>
public sealed record ProjectRows(IReadOnlyList<Index.ProjectSummary> Projects, CurrentMemberships Access, bool Editing = false, string? Error = null);

/// <summary>The dashboard's count and project table; <see cref="CountOutOfBand"/> when it answers a live update alone.</summary>
public sealed record ProjectTable(Index Page, bool CountOutOfBand = false);
