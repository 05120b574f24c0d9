using TenantSite.Auth;

namespace TenantSite.Org.Tasks;

/// <summary>
/// Deletes a task of the current organization, while it has a version <see cref="Expected"/> allows, within
/// <see cref="ProjectId"/> when given; answers the task as it was.
/// </summary>
public sealed record DeleteTask(Guid TaskId)
{
    public Guid? ProjectId { get; init; }

    public IfVersion Expected { get; init; } = IfVersion.Any;

    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<TaskItem>> HandleAsync(DeleteTask command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.DeleteProjects)) return Refused.Forbidden();
            return await ConditionalWrites.DeleteAsync(TaskRules.Find(db, command.TaskId, command.ProjectId), command.Expected,
                TaskRules.NotFoundMessage, TaskRules.ChangedMessage, cancellationToken);
        }
    }
}
