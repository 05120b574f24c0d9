using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using TenantSite.Auth;
using TenantSite.Data.Entities;
using TenantSite.Tenancy;
using static TenantSite.Tests.Pages.RouteMatrix.Expectation;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>The kinds of tenant rows a page's id parameter can name; <see cref="MatrixWorld"/> makes each.</summary>
public enum RowKind { Project, Task, Member, Invitation, ApiKey }

/// <summary>
/// What the route matrix cannot read from the app, decided by a developer: which row each id parameter of a tenant page
/// names, and what every actor gets from the routes outside tenants. The answer of a tenant route is derived instead,
/// from its <c>[RequirePermission]</c> attributes and the actor's role. A route or parameter missing here fails the
/// matrix, saying what to add: nothing new is skipped silently.
/// </summary>
public static class RouteClassification
{
    /// <summary>Which row an id parameter of a page under <c>Pages/Org</c> names, by (page, parameter).</summary>
    public static readonly IReadOnlyDictionary<(string Page, string Parameter), RowKind> TenantRowIds =
        new Dictionary<(string, string), RowKind>
        {
            [("/Org/Index", "id")] = RowKind.Project,
            [("/Org/Projects/Details", "id")] = RowKind.Project,
            [("/Org/Projects/Details", "taskId")] = RowKind.Task,
            [("/Org/Members/Index", "userId")] = RowKind.Member,
            [("/Org/Members/Index", "id")] = RowKind.Invitation,
            [("/Org/Settings/Index", "id")] = RowKind.ApiKey,
            // The JSON API's endpoints, by route pattern.
            [("/api/v1/projects/{id:guid}", "id")] = RowKind.Project,
            [("/api/v1/projects/{id:guid}/tasks", "id")] = RowKind.Project,
            [("/api/v1/tasks/{id:guid}", "id")] = RowKind.Task,
        };

    /// <summary>
    /// The body each JSON API write sends (by <see cref="AppRoute.Key"/>): a valid one, so that a request the matrix
    /// expects to be served really reaches its handler. A write missing here fails the matrix.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ApiBodies = new Dictionary<string, string>
    {
        ["POST /api/v1/projects"] = """{"name": "Matrix project"}""",
        ["PATCH /api/v1/projects/{id:guid}"] = """{"name": "Matrix renamed"}""",
        ["POST /api/v1/projects/{id:guid}/tasks"] = """{"title": "Matrix task"}""",
        ["PATCH /api/v1/tasks/{id:guid}"] = """{"completed": true}""",
    };

    /// <summary>Tenant writes every member may make, viewers included (by <see cref="AppRoute.Key"/>). None so far.</summary>
    public static readonly IReadOnlySet<string> WritesEveryMemberMayMake = new HashSet<string>();

    // Declared before OutsideTenants, which uses it: static fields initialize in textual order.
    private static readonly IReadOnlyDictionary<string, string> NobodysInvitation =
        new Dictionary<string, string> { ["id"] = "5e1f7a52-0b1c-4d2e-9f3a-000000000001" };

    // A well-formed invitation link that opens nothing.
    private const string NobodysToken = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static readonly IReadOnlyDictionary<string, string> NobodysLink =
        new Dictionary<string, string> { ["slug"] = "acme", ["token"] = NobodysToken };

    /// <summary>A route outside tenants: what each actor gets, and the values of its route parameters.</summary>
    public sealed record Outside(Func<Actor, Expectation> Expect, IReadOnlyDictionary<string, string>? Values = null);

    /// <summary>Every route that is not tenant-scoped (root-domain pages, and those served on every host), by key.</summary>
    public static readonly IReadOnlyDictionary<string, Outside> OutsideTenants = new Dictionary<string, Outside>
    {
        // The landing page; a signed-in user without organizations would be sent to onboarding (every actor has one).
        ["GET /"] = new(_ => Status(HttpStatusCode.OK)),
        ["GET /Index"] = new(_ => Status(HttpStatusCode.OK)),
        ["GET /Onboarding"] = new(SignedIn(Status(HttpStatusCode.OK))),
        ["GET /Onboarding/Index"] = new(SignedIn(Status(HttpStatusCode.OK))),
        ["GET /Onboarding?handler=Check"] = new(SignedIn(Status(HttpStatusCode.OK))),
        ["GET /Onboarding/Index?handler=Check"] = new(SignedIn(Status(HttpStatusCode.OK))),
        // The matrix posts an empty form: no name.
        ["POST /Onboarding"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity))),
        ["POST /Onboarding/Index"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity))),
        // The signed-in user's own invitations. The matrix answers an id that is nobody's invitation, which is refused
        // like someone else's (Data/InvitationFunctionsShould prove that one).
        ["GET /Invitations"] = new(SignedIn(Status(HttpStatusCode.OK))),
        ["GET /Invitations/Index"] = new(SignedIn(Status(HttpStatusCode.OK))),
        ["POST /Invitations?handler=Accept"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity)), NobodysInvitation),
        ["POST /Invitations/Index?handler=Accept"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity)), NobodysInvitation),
        ["POST /Invitations?handler=Decline"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity)), NobodysInvitation),
        ["POST /Invitations/Index?handler=Decline"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity)), NobodysInvitation),
        // Invitation links, answered for a token nobody holds: the same 404 page for everyone; answering one needs a
        // sign-in first (Pages/Join/IndexShould prove the rest).
        ["GET /join/{slug}/{token}"] = new(_ => Status(HttpStatusCode.NotFound), NobodysLink),
        ["POST /join/{slug}/{token}?handler=Accept"] = new(a => a.SignedIn ? Status(HttpStatusCode.NotFound)
            : Redirect($"/signin?returnUrl=%2Fjoin%2Facme%2F{NobodysToken}"), NobodysLink),
        ["POST /join/{slug}/{token}?handler=Decline"] = new(a => a.SignedIn ? Status(HttpStatusCode.NotFound)
            : Redirect($"/signin?returnUrl=%2Fjoin%2Facme%2F{NobodysToken}"), NobodysLink),
        ["GET /errors/{code:int}"] = new(_ => Status(HttpStatusCode.NotFound), new Dictionary<string, string> { ["code"] = "404" }),
        ["POST /errors/{code:int}"] = new(_ => Status(HttpStatusCode.NotFound), new Dictionary<string, string> { ["code"] = "404" }),
        ["GET /signin/error"] = new(_ => Status(HttpStatusCode.BadRequest)),
        // The matrix's app has no identity provider configured; a signed-in user goes straight back.
        ["GET /signin"] = new(a => a.SignedIn ? Redirect("/") : Redirect("/signin/error?error=not_configured")),
        ["POST /signout"] = new(_ => Redirect("/")),
        // A handoff code nobody was given; a back-channel logout without its token.
        ["GET /signin/handoff"] = new(_ => Redirect("/signin/error?error=invalid_handoff")),
        ["POST /backchannel-logout"] = new(_ => Status(HttpStatusCode.BadRequest)),
        // The signed-in user's own sessions. The matrix signs out a sign-in that is nobody's: "ended already".
        ["GET /account/sessions"] = new(SignedIn(Status(HttpStatusCode.OK))),
        ["POST /account/sessions?handler=Revoke"] = new(SignedIn(Status(HttpStatusCode.UnprocessableEntity)), NobodysInvitation),
        ["POST /account/sessions?handler=RevokeOthers"] = new(SignedIn(Served)),
        ["GET /healthz"] = new(_ => Status(HttpStatusCode.OK)),
        ["GET /readyz"] = new(_ => Status(HttpStatusCode.OK)),
        // The API's description holds no tenant's data.
        ["GET /openapi/{documentName}.json"] = new(_ => Status(HttpStatusCode.OK), new Dictionary<string, string> { ["documentName"] = "v1" }),
    };

    /// <summary>
    /// Answered by middleware, so not in the endpoint data source; requested all the same. The health checks answer
    /// before tenancy runs, on the root domain (where probes look for them).
    /// </summary>
    public static readonly IReadOnlyList<AppRoute> MiddlewareRoutes =
    [
        new(HttpMethods.Get, RoutePatternFactory.Parse("/healthz"), null, TenantScope.Root, null, [], []),
        new(HttpMethods.Get, RoutePatternFactory.Parse("/readyz"), null, TenantScope.Root, null, [], []),
    ];

    /// <summary>
    /// What <paramref name="actor"/> gets from a tenant route: sign-in when anonymous (401 from the API, which an API key
    /// may also call), the 404 of a missing organization when not a member (or another organization's key), 403
    /// without a permission the route requires, 404 for another tenant's row, else the answer.
    /// </summary>
    public static Expectation ForTenantRoute(AppRoute route, Actor actor, bool otherTenantsIds) =>
        !actor.SignedIn && (actor.ApiKey is null || !route.IsApi) ? (route.IsApi ? Status(HttpStatusCode.Unauthorized) : SignIn)
        : actor.Role is null ? Status(HttpStatusCode.NotFound)
        : !route.Permissions.All(p => Permissions.Has(actor.Role, p)) ? Status(HttpStatusCode.Forbidden)
        : otherTenantsIds ? Status(HttpStatusCode.NotFound)
        : Served;

    /// <summary>What is still to be classified, as instructions for the developer (empty: everything is).</summary>
    public static IEnumerable<string> Unclassified(IEnumerable<AppRoute> routes)
    {
        foreach (var route in routes)
        {
            if (route.Scope == TenantScope.Tenant)
            {
                foreach (var parameter in route.Parameters.Where(p => !TenantRowIds.ContainsKey((route.Owner, p.Name))))
                    yield return $"{route.Key}: parameter \"{parameter.Name}\" of {route.Owner} is not classified. Add to " +
                                 "RouteClassification.TenantRowIds which row it names (and to MatrixWorld how to make one).";
                if (route.IsApi && route.IsWrite && !HttpMethods.IsDelete(route.Method) && !ApiBodies.ContainsKey(route.Key))
                    yield return $"{route.Key}: add the JSON body the matrix sends to RouteClassification.ApiBodies.";
            }
            else if (!OutsideTenants.TryGetValue(route.Key, out var outside))
            {
                var where = route.Scope == TenantScope.Root ? "a root-domain route" : "a route served on every host";
                yield return $"{route.Key} ({where}) is not classified. Add what every actor gets to RouteClassification.OutsideTenants.";
            }
            else
            {
                foreach (var parameter in route.Parameters.Where(p => outside.Values?.ContainsKey(p.Name) != true))
                    yield return $"{route.Key}: parameter \"{parameter.Name}\" has no value in RouteClassification.OutsideTenants.";
            }
        }
    }

    /// <summary>Tenant writes a viewer could make: each must require a permission, or be listed as open to every member.</summary>
    public static IEnumerable<string> WritesOpenToViewers(IEnumerable<AppRoute> routes) =>
        routes.Where(r => r.Scope == TenantScope.Tenant && r.IsWrite && !WritesEveryMemberMayMake.Contains(r.Key)
                          && r.Permissions.All(p => Permissions.Has(Roles.Viewer, p)))
            .Select(r => $"{r.Key} ({r.Page}) lets a viewer write: add [RequirePermission(...)] to its handler, or list it in " +
                         "RouteClassification.WritesEveryMemberMayMake if every member may do it.");

    private static Func<Actor, Expectation> SignedIn(Expectation expected) => actor => actor.SignedIn ? expected : SignIn;
}
