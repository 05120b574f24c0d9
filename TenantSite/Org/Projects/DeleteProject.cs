using TenantSite.Auth;

namespace TenantSite.Org.Projects;

/// <summary>
/// Deletes a project of the current organization and its tasks (ON DELETE CASCADE), while it has a version
/// <see cref="Expected"/> allows; answers the project as it was.
/// </summary>
public sealed record DeleteProject(Guid Id)
{
    public IfVersion Expected { get; init; } = IfVersion.Any;

    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<Project>> HandleAsync(DeleteProject command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.DeleteProjects)) return Refused.Forbidden();
            return await ConditionalWrites.DeleteAsync(db.Projects.Where(p => p.Id == command.Id), command.Expected,
                ProjectRules.NotFoundMessage, ProjectRules.ChangedMessage, cancellationToken);
        }
    }
}
