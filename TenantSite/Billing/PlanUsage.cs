namespace TenantSite.Billing;

/// <summary>The current organization's plan, its limits (null: unlimited) and what it uses of them.</summary>
public sealed record PlanUsage(string OrganizationName, string Plan, int Projects, int? MaxProjects, int Members, int? MaxMembers)
{
    public bool ProjectsFull => Projects >= MaxProjects;
    public bool MembersFull => Members >= MaxMembers;

    /// <summary>Why another project cannot be created now.</summary>
    public string ProjectLimitMessage => $"{OrganizationName} has {Count(Projects, "project")}, as many as the {Plan} plan allows.";

    /// <summary>Why nobody else can join now.</summary>
    public string MemberLimitMessage => $"{OrganizationName} has {Count(Members, "member")}, as many as the {Plan} plan allows.";

    /// <summary>Why this organization cannot move to <paramref name="limits"/>'s plan; null when it fits.</summary>
    public string? RefusalFor(PlanLimit limits) =>
        Projects > limits.MaxProjects ? $"{OrganizationName} has {Count(Projects, "project")}; {limits.Plan} allows {limits.MaxProjects}."
        : Members > limits.MaxMembers ? $"{OrganizationName} has {Count(Members, "member")}; {limits.Plan} allows {limits.MaxMembers}."
        : null;

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";
}

public static class PlanUsageQueries
{
    /// <summary>
    /// The current organization's <see cref="PlanUsage"/>, in one query; null without a tenant. Filters and RLS bind the
    /// counts to it.
    /// </summary>
    public static Task<PlanUsage?> PlanUsageAsync(this AppDbContext db, CancellationToken cancellationToken) =>
        (from o in db.Organizations
         where o.Id == db.Scope.OrganizationId
         join l in db.PlanLimits on o.Plan equals l.Plan
         // The counts correlated with o, or EF would run each as a query of its own; the plan's row joined once.
         select new PlanUsage(o.Name, o.Plan, db.Projects.Count(p => p.OrganizationId == o.Id), l.MaxProjects,
             db.Members.Count(m => m.OrganizationId == o.Id), l.MaxMembers))
        .SingleOrDefaultAsync(cancellationToken);
}
