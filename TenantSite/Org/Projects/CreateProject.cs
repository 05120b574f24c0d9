using TenantSite.Auth;
using TenantSite.Billing;

namespace TenantSite.Org.Projects;

/// <summary>Creates a project in the current organization, within its plan's limit.</summary>
public sealed record CreateProject(string? Name)
{
    public sealed class Handler(AppDbContext db, CurrentMemberships access)
    {
        public async Task<Result<Project>> HandleAsync(CreateProject command, CancellationToken cancellationToken)
        {
            if (!access.Can(Permissions.WriteProjects)) return Refused.Forbidden();
            var name = TextRules.Trimmed(command.Name);
            if (ProjectRules.CheckName(name) is { } error) return Refused.Invalid(error);

            // The plan's limit, said before trying; the database's trigger settles a race between creates.
            if (await db.PlanUsageAsync(cancellationToken) is { ProjectsFull: true } usage) return Refused.PlanLimit(usage.ProjectLimitMessage);
            var project = new Project { Name = name };
            db.Projects.Add(project);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.PlanLimitReason() is { } reason)
            {
                db.ChangeTracker.Clear();
                return Refused.PlanLimit(reason);
            }
            return project;
        }
    }
}
