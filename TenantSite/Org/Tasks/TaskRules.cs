namespace TenantSite.Org.Tasks;

/// <summary>What the task commands say and check alike: the title's rules, the refusals' messages, which task an id names.</summary>
public static class TaskRules
{
    public const string EnterTitle = "Enter a task title.";
    public const string NotFoundMessage = "No task with this id in this organization.";
    public const string ChangedMessage = "The task was changed by someone else meanwhile. Nothing was changed.";

    /// <summary>Why <paramref name="title"/> (trimmed) cannot be a task's title; null when it can.</summary>
    public static FieldError? CheckTitle(string title) => TextRules.OneLine(nameof(TaskItem.Title), title, TaskItem.MaxTitleLength, EnterTitle);

    /// <summary>The task <paramref name="taskId"/>, only within <paramref name="projectId"/> when given (a project's page changes its own tasks only).</summary>
    internal static IQueryable<TaskItem> Find(AppDbContext db, Guid taskId, Guid? projectId) =>
        // No tenant condition here: the query filter and RLS both bind it to the current organization.
        projectId is { } project ? db.Tasks.Where(t => t.Id == taskId && t.ProjectId == project) : db.Tasks.Where(t => t.Id == taskId);
}
