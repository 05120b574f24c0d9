using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using TenantSite.Data;

namespace TenantSite.Pages.Org;

/// <summary>The organization's dashboard: its projects, newest first, with task counts.</summary>
public sealed class Index(AppDbContext db) : PageModel
{
    public sealed record ProjectSummary(Guid Id, string Name, int Total, int Completed);

    public IReadOnlyList<ProjectSummary> Projects { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // No tenant condition here: the query filter and RLS both bind it to the current organization.
        Projects = await db.Projects
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => new ProjectSummary(p.Id, p.Name, p.Tasks.Count, p.Tasks.Count(t => t.Completed)))
            .ToListAsync(cancellationToken);
    }
}
