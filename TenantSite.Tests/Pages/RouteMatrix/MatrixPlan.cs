using TenantSite.Tenancy;
using static TenantSite.Tests.Pages.RouteMatrix.RouteClassification;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>Turns the routes into the matrix's requests: every route × actor × own/other tenant's ids × plain/htmx.</summary>
public static class MatrixPlan
{
    private static readonly bool[] Both = [false, true];
    private static readonly bool[] OwnOnly = [false];

    /// <summary>
    /// The tenant routes at <paramref name="place"/>. A write that will reach its handler with alpha's own rows may
    /// change or delete them, so it gets fresh rows of its own; every other request uses the shared ones.
    /// </summary>
    public static async Task<IReadOnlyList<MatrixCase>> InsideTenantAsync(IEnumerable<AppRoute> routes, MatrixWorld world, Place place)
    {
        var drafts = (
            from route in routes.Where(r => r.Scope == TenantScope.Tenant)
            // API keys open only the API; the pages' answer to one is covered in Auth/ApiKeyAuthenticationShould.
            from actor in route.IsApi ? world.Actors.Concat(world.KeyActors) : world.Actors
            from other in route.Parameters.Count > 0 ? Both : OwnOnly
            from htmx in route.IsApi ? OwnOnly : Both
            let expected = ForTenantRoute(route, actor, other)
            let kinds = route.Parameters.Select(p => TenantRowIds[(route.Owner, p.Name)]).ToArray()
            let fresh = route.IsWrite && expected == Expectation.Served && !other && kinds.Length > 0
            select (Case: new MatrixCase(route, actor, place, other, htmx, expected, new Dictionary<string, string>()), Kinds: kinds, Fresh: fresh))
            .ToList();

        var projects = new Queue<(Guid Project, Guid Task)>(await world.FreshProjectsAsync(
            drafts.Count(d => d.Fresh && d.Kinds.Any(k => k is RowKind.Project or RowKind.Task))));
        var members = new Queue<Guid>(await world.FreshMembersAsync(drafts.Count(d => d.Fresh && d.Kinds.Contains(RowKind.Member))));
        var invitations = new Queue<Guid>(await world.FreshInvitationsAsync(drafts.Count(d => d.Fresh && d.Kinds.Contains(RowKind.Invitation))));
        var apiKeys = new Queue<Guid>(await world.FreshApiKeysAsync(drafts.Count(d => d.Fresh && d.Kinds.Contains(RowKind.ApiKey))));
        return drafts.Select(d =>
        {
            var rows = d.Case.OtherTenantsIds ? world.Bravo : world.Alpha;
            if (d.Fresh && d.Kinds.Any(k => k is RowKind.Project or RowKind.Task))
            {
                var (project, task) = projects.Dequeue();
                rows = rows with { Project = project, Task = task };
            }
            if (d.Fresh && d.Kinds.Contains(RowKind.Member)) rows = rows with { Member = members.Dequeue() };
            if (d.Fresh && d.Kinds.Contains(RowKind.Invitation)) rows = rows with { Invitation = invitations.Dequeue() };
            if (d.Fresh && d.Kinds.Contains(RowKind.ApiKey)) rows = rows with { ApiKey = apiKeys.Dequeue() };
            var values = d.Case.Route.Parameters.ToDictionary(p => p.Name, p => (TenantRowIds[(d.Case.Route.Owner, p.Name)] switch
            {
                RowKind.Project => rows.Project,
                RowKind.Task => rows.Task,
                RowKind.Invitation => rows.Invitation,
                RowKind.ApiKey => rows.ApiKey,
                _ => rows.Member,
            }).ToString());
            return d.Case with { Values = values };
        }).ToList();
    }

    /// <summary>The routes outside tenants: root-domain ones on the root domain, the others at every place.</summary>
    public static IReadOnlyList<MatrixCase> OutsideTenants(IEnumerable<AppRoute> routes, MatrixWorld world) => (
        from route in routes.Concat(MiddlewareRoutes).Where(r => r.Scope != TenantScope.Tenant)
        let outside = RouteClassification.OutsideTenants[route.Key]
        from place in route.Scope == TenantScope.Root ? [Place.RootDomain] : Enum.GetValues<Place>()
        from actor in world.Actors
        from htmx in Both
        select new MatrixCase(route, actor, place, false, htmx, outside.Expect(actor), outside.Values ?? new Dictionary<string, string>()))
        .ToList();
}
