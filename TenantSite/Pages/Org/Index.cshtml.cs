using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Auth;
using TenantSite.Live;
using TenantSite.Org;
using TenantSite.Org.Projects;

namespace TenantSite.Pages.Org;

/// <summary>
/// The organization's dashboard: its projects, newest first, with task counts; create, rename and delete.
/// Each change is its command (Org/Projects), the API's too; the page answers htmx with a fragment and everything else
/// with a redirect back (every form works without JS), and a refusal with its message in place.
/// </summary>
public sealed class Index(AppDbContext db, CurrentMemberships access) : HtmxPageModel
{
    public sealed record ProjectSummary(Guid Id, string Name, int Total, int Completed);

    public IReadOnlyList<ProjectSummary> Projects { get; private set; } = [];

    /// <summary>The name typed into the create form or a rename form: the commands judge it (Org/Projects).</summary>
    [BindProperty]
    public string? Name { get; set; }

    public CurrentMemberships Access => access;

    /// <summary>Why no project can be created now (the plan's limit), shown with an upgrade hint; null otherwise.</summary>
    public string? LimitReached { get; private set; }

    /// <summary>A rename refused in a plain-form post, shown in place on the re-rendered page.</summary>
    public RefusedRename? RefusedRename { get; private set; }

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
    public async Task<IActionResult> OnPostCreateAsync([FromServices] CreateProject.Handler create, CancellationToken cancellationToken)
    {
        var result = await create.HandleAsync(new CreateProject(Name), cancellationToken);
        if (result.Refused is { Kind: Refusal.Invalid or Refusal.PlanLimit } refused)
        {
            // Nothing was saved: the form stays as typed, with the reason (for the plan's limit, with the way to a larger plan).
            if (refused.Kind == Refusal.PlanLimit) LimitReached = refused.Message;
            else ModelState.AddModelError(nameof(Name), refused.Message);
            return await InvalidAsync(() => ProjectListAsync(cancellationToken), () => LoadAsync(cancellationToken));
        }
        if (result.Refused is { } other) return Refuse(other);
        return await ChangedAsync($"Project \"{result.Value.Name}\" created.", () =>
        {
            Name = null;
            ModelState.Clear();
            return ProjectListAsync(cancellationToken);
        });
    }

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostRenameAsync([BindRequired] Guid id, [FromServices] RenameProject.Handler rename,
        CancellationToken cancellationToken)
    {
        var result = await rename.HandleAsync(new RenameProject(id, Name), cancellationToken);
        if (result.Refused is { Kind: Refusal.Invalid } refused)
        {
            // The row's form reopens with what was typed; the create form, which shares the field's name, stays empty.
            var failed = new RefusedRename(id, Name?.Trim() ?? "", refused.Message);
            var summary = await Summaries(db.Projects.Where(p => p.Id == id)).SingleAsync(cancellationToken);
            return await InvalidAsync("_ProjectRows", new ProjectRows([summary], access, failed), async () =>
            {
                ModelState.Clear();
                Name = null;
                RefusedRename = failed;
                await LoadAsync(cancellationToken);
            });
        }
        if (result.Refused is { } other) return Refuse(other);
        return await ChangedAsync($"Project renamed to \"{result.Value.Name}\".", async () =>
            Partial("_ProjectRows", new ProjectRows([await Summaries(db.Projects.Where(p => p.Id == id)).SingleAsync(cancellationToken)], access)));
    }

    [RequirePermission(Permissions.DeleteProjects)]
    public async Task<IActionResult> OnPostDeleteAsync([BindRequired] Guid id, [FromServices] DeleteProject.Handler delete,
        CancellationToken cancellationToken)
    {
        var result = await delete.HandleAsync(new DeleteProject(id), cancellationToken);
        if (result.Refused is { } refused) return Refuse(refused);
        return await ChangedAsync($"Project \"{result.Value.Name}\" deleted.", () => ProjectListAsync(cancellationToken));
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
}

/// <summary>
/// Project rows and what the viewer may do with them: the whole list, or the one row a rename answers with.
/// <see cref="Failed"/> reopens one row's rename form with the refused attempt and its error.
/// </summary>
public sealed record ProjectRows(IReadOnlyList<Index.ProjectSummary> Projects, CurrentMemberships Access, RefusedRename? Failed = null);

/// <summary>A refused rename: the project, what was typed (trimmed) and why it was refused.</summary>
public sealed record RefusedRename(Guid ProjectId, string Attempt, string Error);

/// <summary>The dashboard's count and project table; <see cref="CountOutOfBand"/> when it answers a live update alone.</summary>
public sealed record ProjectTable(Index Page, bool CountOutOfBand = false);
