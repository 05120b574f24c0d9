using TenantSite.Auth;

namespace TenantSite.Org.Projects;

/// <summary>Renames a project of the current organization, while it has a version <see cref="Expected"/> allows.</summary>
public sealed record RenameProject(Guid Id, string? Name)
{
    public IfVersion Expected { get; init; } = IfVersion.Any;

    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<Project>> HandleAsync(RenameProject command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.WriteProjects)) return Refused.Forbidden();
            // No tenant condition here: the query filter and RLS both bind it to the current organization.
            var project = db.Projects.Where(p => p.Id == command.Id);
            var name = TextRules.Trimmed(command.Name);
            if (ProjectRules.CheckName(name) is { } error)
                // Another organization's project is not found, whatever the name: its id must not get a different answer.
                return await project.AnyAsync(cancellationToken) ? Refused.Invalid(error) : Refused.NotFound(ProjectRules.NotFoundMessage);

            var now = DateTimeOffset.UtcNow;
            return await ConditionalWrites.UpdateAsync(project, command.Expected,
                s => s.SetProperty(p => p.Name, name).SetProperty(p => p.UpdatedAt, now),
                ProjectRules.NotFoundMessage, ProjectRules.ChangedMessage, cancellationToken);
        }
    }
}
