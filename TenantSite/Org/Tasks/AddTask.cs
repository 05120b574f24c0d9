using TenantSite.Auth;
using TenantSite.Org.Projects;

namespace TenantSite.Org.Tasks;

/// <summary>Adds a task to a project of the current organization.</summary>
public sealed record AddTask(Guid ProjectId, string? Title)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<TaskItem>> HandleAsync(AddTask command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.WriteProjects)) return Refused.Forbidden();
            // Not found first: another organization's project gets that answer whatever the title.
            if (!await db.Projects.AnyAsync(p => p.Id == command.ProjectId, cancellationToken)) return Refused.NotFound(ProjectRules.NotFoundMessage);
            var title = TextRules.Trimmed(command.Title);
            if (TaskRules.CheckTitle(title) is { } error) return Refused.Invalid(error);

            var task = new TaskItem { ProjectId = command.ProjectId, Title = title };
            db.Tasks.Add(task);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.IsForeignKeyViolation("fk_tasks_project"))
            {
                // Deleted since the check above.
                db.ChangeTracker.Clear();
                return Refused.NotFound(ProjectRules.NotFoundMessage);
            }
            return task;
        }
    }
}
