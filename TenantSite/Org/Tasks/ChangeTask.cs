using TenantSite.Auth;

namespace TenantSite.Org.Tasks;

/// <summary>What a change does to a task's completion.</summary>
public enum Completion
{
    Unchanged,
    Open,
    Done,

    /// <summary>Done if it was open, open if it was done (the project page's check box), from what the row holds as it is written.</summary>
    Toggle,
}

/// <summary>
/// Changes a task's title, its completion or both (renaming it, completing or reopening it), in one statement, while it has
/// a version <see cref="Expected"/> allows; within <see cref="ProjectId"/> when given.
/// </summary>
public sealed record ChangeTask(Guid TaskId, string? Title = null, Completion Completion = Completion.Unchanged)
{
    public const string NothingToChange = "Send title, completed, or both.";

    public Guid? ProjectId { get; init; }

    public IfVersion Expected { get; init; } = IfVersion.Any;

    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<TaskItem>> HandleAsync(ChangeTask command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.WriteProjects)) return Refused.Forbidden();
            var task = TaskRules.Find(db, command.TaskId, command.ProjectId);
            var title = command.Title is null ? null : TextRules.Trimmed(command.Title);
            var error = title is not null ? TaskRules.CheckTitle(title)
                : command.Completion == Completion.Unchanged ? new FieldError(FieldError.Whole, NothingToChange)
                : null;
            if (error is not null)
                // Another organization's task is not found, whatever else is wrong: its id must not get a different answer.
                return await task.AnyAsync(cancellationToken) ? Refused.Invalid(error) : Refused.NotFound(TaskRules.NotFoundMessage);

            var now = DateTimeOffset.UtcNow;
            return await ConditionalWrites.UpdateAsync(task, command.Expected, s =>
            {
                if (title is not null) s.SetProperty(t => t.Title, title);
                switch (command.Completion)
                {
                    case Completion.Open: s.SetProperty(t => t.Completed, false); break;
                    case Completion.Done: s.SetProperty(t => t.Completed, true); break;
                    case Completion.Toggle: s.SetProperty(t => t.Completed, t => !t.Completed); break;
                }
                s.SetProperty(t => t.UpdatedAt, now);
            }, TaskRules.NotFoundMessage, TaskRules.ChangedMessage, cancellationToken);
        }
    }
}
