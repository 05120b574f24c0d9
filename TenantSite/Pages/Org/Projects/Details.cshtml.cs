using Microsoft.AspNetCore.Mvc.ModelBinding;
using TenantSite.Auth;
using TenantSite.Live;
using TenantSite.Org;
using TenantSite.Org.Projects;
using TenantSite.Org.Tasks;

namespace TenantSite.Pages.Org.Projects;

/// <summary>
/// One project's tasks, filtered all/open/done: add, toggle, rename, delete, and delete the project. Shaped like the
/// dashboard: each change is its command (Org/Tasks, Org/Projects), the API's too, and answers htmx with a fragment (the
/// row or the list, with the counter and the flash out of band) and a plain form with a redirect back. An id of another
/// organization is simply not found (filters and RLS).
/// </summary>
[RequirePermission(Permissions.ReadProjects)]
public sealed class Details(AppDbContext db, CurrentMemberships access) : HtmxPageModel
{
    public sealed record TaskView(Guid Id, string Title, bool Completed);

    public Guid ProjectId { get; private set; }
    public string ProjectName { get; private set; } = "";
    public IReadOnlyList<TaskView> Tasks { get; private set; } = [];
    public TaskCounter Counter { get; private set; } = new(0, 0);

    /// <summary>A rename refused in a plain-form post, shown in place on the re-rendered page.</summary>
    public (Guid TaskId, string? Attempt, string Error)? FailedRename { get; private set; }

    [BindProperty(SupportsGet = true, Name = "filter")]
    public string? Filter { get; set; }

    /// <summary>The title typed into the add form or a rename form: the commands judge it (Org/Tasks).</summary>
    [BindProperty]
    public string? Title { get; set; }

    public string CurrentFilter => TaskFilter.Normalize(Filter);
    public CurrentMemberships Access => access;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    // The filter links' htmx request: just the list (the link pushes the page's own URL to the history).
    public async Task<IActionResult> OnGetListAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Partial("_TaskList", this) : NotFound();

    // Live updates (Live/): the project's event stream. Its "tasks" event makes the task rows fetch themselves again
    // (OnGetRows), so a teammate's change shows up without a reload; the add form is left as typed.
    public async Task<IActionResult> OnGetLiveAsync(Guid id, [FromServices] LiveStream live) =>
        await db.Projects.AnyAsync(p => p.Id == id, HttpContext.RequestAborted) ? await live.ServeAsync(HttpContext, id, "tasks") : NotFound();

    /// <summary>The task rows alone, with the counter out of band: what a live update fetches.</summary>
    public async Task<IActionResult> OnGetRowsAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Partial("_TaskRefresh", this) : NotFound();

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostAddAsync(Guid id, [FromServices] AddTask.Handler add, CancellationToken cancellationToken)
    {
        var result = await add.HandleAsync(new AddTask(id, Title), cancellationToken);
        if (result.Refused is { Kind: Refusal.Invalid } refused)
        {
            ModelState.AddModelError(nameof(Title), refused.Message);
            await LoadAsync(id, cancellationToken);
            return await InvalidAsync("_TaskList");
        }
        if (result.Refused is { } other) return Refuse(other);
        return await ChangedAsync($"Task \"{result.Value.Title}\" added.", async () =>
        {
            Title = null;
            ModelState.Clear();
            await LoadAsync(id, cancellationToken);
            return Partial("_TaskList", this);
        }, RouteValues(id));
    }

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostToggleAsync(Guid id, [BindRequired] Guid taskId, [FromServices] ChangeTask.Handler change,
        CancellationToken cancellationToken)
    {
        var result = await change.HandleAsync(new ChangeTask(taskId, Completion: Completion.Toggle) { ProjectId = id }, cancellationToken);
        if (result.Refused is { } refused) return Refuse(refused);
        var task = result.Value;
        // Under "open" or "done", a task that no longer matches leaves the list.
        var stays = TaskFilter.Shows(CurrentFilter, task.Completed);
        return await TaskChangedAsync(id, stays ? task : null, task.Completed ? $"\"{task.Title}\" done." : $"\"{task.Title}\" reopened.",
            cancellationToken);
    }

    [RequirePermission(Permissions.WriteProjects)]
    public async Task<IActionResult> OnPostRenameAsync(Guid id, [BindRequired] Guid taskId, [FromServices] ChangeTask.Handler change,
        CancellationToken cancellationToken)
    {
        // A rename always names a title: an empty field is an empty title, not a change of nothing.
        var result = await change.HandleAsync(new ChangeTask(taskId, Title ?? "") { ProjectId = id }, cancellationToken);
        if (result.Refused is { Kind: Refusal.Invalid } refused)
        {
            var view = await Views(TaskRules.Find(db, taskId, id)).SingleOrDefaultAsync(cancellationToken);
            if (view is null) return NotFound();
            var failed = (taskId, Title?.Trim(), refused.Message);
            return await InvalidAsync("_TaskRows", new TaskRows([view], id, CurrentFilter, access, failed), async () =>
            {
                // The add form shares the Title field: keep the attempt and its error on the row only.
                ModelState.Clear();
                Title = null;
                FailedRename = failed;
                await LoadAsync(id, cancellationToken);
            });
        }
        if (result.Refused is { } other) return Refuse(other);
        return await TaskChangedAsync(id, result.Value, $"Task renamed to \"{result.Value.Title}\".", cancellationToken);
    }

    [RequirePermission(Permissions.DeleteProjects)]
    public async Task<IActionResult> OnPostDeleteAsync(Guid id, [BindRequired] Guid taskId, [FromServices] DeleteTask.Handler delete,
        CancellationToken cancellationToken)
    {
        var result = await delete.HandleAsync(new DeleteTask(taskId) { ProjectId = id }, cancellationToken);
        if (result.Refused is { } refused) return Refuse(refused);
        return await TaskChangedAsync(id, null, $"Task \"{result.Value.Title}\" deleted.", cancellationToken);
    }

    [RequirePermission(Permissions.DeleteProjects)]
    public async Task<IActionResult> OnPostDeleteProjectAsync(Guid id, [FromServices] DeleteProject.Handler delete, CancellationToken cancellationToken)
    {
        // The dashboard's Delete and the API's DELETE make the same command: its tasks go with it.
        var result = await delete.HandleAsync(new DeleteProject(id), cancellationToken);
        if (result.Refused is { } refused) return Refuse(refused);
        return NavigateWithFlash(Url.Page("/Org/Index")!, $"Project \"{result.Value.Name}\" deleted.");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        // One query (one round-trip) for the header, the counter and the listed tasks. No tenant condition here: the
        // query filters and RLS both bind every table in it to the current organization.
        var (all, done) = (CurrentFilter == TaskFilter.All, CurrentFilter == TaskFilter.Done);
        var project = await db.Projects.Where(p => p.Id == id)
            .Select(p => new
            {
                p.Name,
                Done = p.Tasks.Count(t => t.Completed),
                Total = p.Tasks.Count,
                Listed = p.Tasks.Where(t => all || t.Completed == done).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
                    .Select(t => new TaskView(t.Id, t.Title, t.Completed)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (project is null) return false;

        (ProjectId, ProjectName, Counter, Tasks) = (id, project.Name, new TaskCounter(project.Done, project.Total), project.Listed);
        return true;
    }

    private static IQueryable<TaskView> Views(IQueryable<TaskItem> tasks) => tasks.Select(t => new TaskView(t.Id, t.Title, t.Completed));

    // A row-level change: htmx gets the row (or nothing, to remove it) plus the counter and the flash out of band.
    private Task<IActionResult> TaskChangedAsync(Guid id, TaskItem? row, string message, CancellationToken cancellationToken) =>
        ChangedAsync(message, async () =>
        {
            var counts = await db.Tasks.Where(t => t.ProjectId == id)
                .GroupBy(t => t.ProjectId)
                .Select(g => new { Done = g.Count(t => t.Completed), Total = g.Count() })
                .SingleOrDefaultAsync(cancellationToken);
            var counter = new TaskCounter(counts?.Done ?? 0, counts?.Total ?? 0, OutOfBand: true);
            var rows = row is null ? null : new TaskRows([View(row)], id, CurrentFilter, access);
            return Partial("_TaskChanged", new TaskChanged(rows, counter, message));
        }, RouteValues(id));

    // A plain form returns to the list it was on.
    private object RouteValues(Guid id) => new { id, filter = TaskFilter.QueryValue(CurrentFilter) };

    private static TaskView View(TaskItem task) => new(task.Id, task.Title, task.Completed);
}

/// <summary>"3 of 5 done"; rendered out of band when it answers a change.</summary>
public sealed record TaskCounter(int Completed, int Total, bool OutOfBand = false);

/// <summary>
/// Task rows and what the viewer may do with them: the list, or the one row a change answers with. <see cref="Failed"/>
/// reopens one row's rename form with the refused attempt and its error.
/// </summary>
public sealed record TaskRows(IReadOnlyList<Details.TaskView> Tasks, Guid ProjectId, string Filter, CurrentMemberships Access,
    (Guid TaskId, string? Attempt, string Error)? Failed = null);

/// <summary>The answer to a row-level change: the row (null: remove it), the counter and the flash.</summary>
public sealed record TaskChanged(TaskRows? Rows, TaskCounter Counter, string Flash);
