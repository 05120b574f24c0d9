using TenantSite.Auth;
using TenantSite.Billing;

namespace TenantSite.Pages.Org.Billing;

/// <summary>
/// The organization's plan, what it uses of each limit, and a change of plan, for owners (manage:billing). A plan whose
/// limits the organization already exceeds is refused with the reason; so is one the payment provider declines
/// (<see cref="IBillingProvider"/>; none by default). The page counts and asks the provider under the organization's row
/// lock, and the database checks the same again as the plan is written, so nothing created meanwhile slips under a
/// smaller plan, and a provider's yes is never followed by the database's no.
/// </summary>
[RequirePermission(Permissions.ManageBilling)]
public sealed class Index(AppDbContext db, DataScope scope, IBillingProvider billing) : HtmxPageModel
{
    public PlanUsage Usage { get; private set; } = null!;

    /// <summary>Every plan with its limits, smallest first.</summary>
    public IReadOnlyList<PlanLimit> Plans { get; private set; } = [];

    /// <summary>The plan to change to.</summary>
    [BindProperty]
    public string? Plan { get; set; }

    /// <summary>Why the change was refused.</summary>
    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken cancellationToken)
    {
        // The organization's row is locked first, as the plan triggers lock it: projects and members created meanwhile
        // wait until the plan is written, so the counts below stay true while the provider is asked, and the provider
        // is never asked for a change the database would then refuse. (Plan changes are rare and an owner's; creates
        // in this one organization wait for the provider's answer.)
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var organization = await db.Organizations
            .FromSql($"SELECT * FROM organizations WHERE id = {scope.OrganizationId} FOR NO KEY UPDATE")
            .SingleAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        if (Plans.SingleOrDefault(p => p.Plan == Plan) is not { } target)
            return await RefuseAsync($"Choose one of the plans: {string.Join(", ", Plans.Select(p => p.Plan))}.");
        if (target.Plan == Usage.Plan) return await RefuseAsync($"{Usage.OrganizationName} is on the {target.Plan} plan already.");
        if (Usage.RefusalFor(target) is { } tooBig) return await RefuseAsync(tooBig);

        var answer = await billing.ChangePlanAsync(organization, target.Plan, cancellationToken);
        if (!answer.Succeeded) return await RefuseAsync(answer.Reason ?? "The payment provider declined the change.");
        organization.Plan = target.Plan;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return await ChangedAsync($"{organization.Name} is now on the {target.Plan} plan.", async () =>
        {
            Plan = null;
            ModelState.Clear();
            await LoadAsync(cancellationToken);
            return Partial("_Plan", this);
        });
    }

    /// <summary>"3" or "unlimited".</summary>
    public static string Allowed(int? limit) => limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited";

    private Task<IActionResult> RefuseAsync(string error)
    {
        Error = error;
        return InvalidAsync("_Plan");
    }

    // One query: a row per plan, each with the organization and its counts (correlated with it, so that they are
    // subqueries of this query rather than queries of their own; the filters and RLS bind them to it as well).
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await (
            from o in db.Organizations
            where o.Id == scope.OrganizationId
            from l in db.PlanLimits
            select new
            {
                o.Name, Current = o.Plan, Limits = l,
                Projects = db.Projects.Count(p => p.OrganizationId == o.Id), Members = db.Members.Count(m => m.OrganizationId == o.Id),
            }).AsNoTracking().ToListAsync(cancellationToken);
        Plans = [.. rows.Select(r => r.Limits).OrderBy(l => Array.IndexOf(Data.Entities.Plans.All, l.Plan))];
        var current = rows.Single(r => r.Limits.Plan == r.Current);
        Usage = new PlanUsage(current.Name, current.Current, current.Projects, current.Limits.MaxProjects, current.Members,
            current.Limits.MaxMembers);
    }
}
