namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>Where a request is sent: the root domain, the tenant's subdomain, or the tenant's path on the root domain.</summary>
public enum Place { RootDomain, TenantHost, TenantPath }

/// <summary>One request of the matrix: a route, as one actor, at one place, with whose ids, plain or htmx; and what must come back.</summary>
public sealed record MatrixCase(
    AppRoute Route, Actor Actor, Place Place, bool OtherTenantsIds, bool Htmx, Expectation Expected,
    IReadOnlyDictionary<string, string> Values)
{
    public override string ToString() =>
        $"{Route.Key} as {Actor} at {Place}{(OtherTenantsIds ? " with another tenant's ids" : "")}{(Htmx ? " (htmx)" : "")}";
}
