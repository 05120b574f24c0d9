using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using TenantSite.Tenancy;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// Isolation that covers the next route too: every route the app serves (read from its endpoint data source, each
/// page handler with its method), as every actor (anonymous, non-member, viewer, member, admin, owner), with the
/// tenant's own ids and another tenant's, plain and htmx, in host and path mode. Each answer has the classified status
/// and names nothing of another tenant. A route nobody classified fails here, with what to add.
/// </summary>
[RunsLong]
public sealed class RouteMatrixShould(RouteMatrixFactory app) : RouteMatrixTests(app), IClassFixture<RouteMatrixFactory>;

/// <summary>The same matrix, with the app's runtime connections through PgBouncer in transaction mode.</summary>
[RunsLong]
public sealed class RouteMatrixThroughPgBouncerShould(RouteMatrixThroughPgBouncerFactory app)
    : RouteMatrixTests(app), IClassFixture<RouteMatrixThroughPgBouncerFactory>;

/// <summary>The tests of <see cref="RouteMatrixShould"/>, over whichever runtime connection the fixture gives.</summary>
public abstract class RouteMatrixTests(RouteMatrixFactory app)
{
    [Fact]
    public async Task ClassifyEveryRouteTheAppServes()
    {
        var unclassified = RouteClassification.Unclassified(await RoutesAsync()).ToArray();
        Assert.True(unclassified.Length == 0, string.Join("\n", unclassified));
    }

    [Fact]
    public async Task FindEveryPageHandlerWithItsMethod()
    {
        var keys = (await RoutesAsync()).Select(r => r.Key).ToHashSet();

        // Samples of each shape: a named handler with a route id, a named GET handler, a page-level GET, a minimal API.
        Assert.Contains("POST /Projects/{id:guid}?handler=Toggle", keys);
        Assert.Contains("GET /Projects/{id:guid}?handler=List", keys);
        Assert.Contains("POST /Members?handler=Remove", keys);
        Assert.Contains("GET /Settings", keys);
        Assert.Contains("POST /signout", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("GET /signout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequireAPermissionAViewerLacksForEveryTenantWrite()
    {
        var open = RouteClassification.WritesOpenToViewers(await RoutesAsync()).ToArray();
        Assert.True(open.Length == 0, string.Join("\n", open));
    }

    [Fact]
    public void RefuseToGuessWhatAnUnknownRouteShouldAnswer()
    {
        var unknown = new AppRoute(HttpMethods.Get, RoutePatternFactory.Parse("/invitations/{token}"), null, null, null, [], []);
        var newParameter = new AppRoute(HttpMethods.Post, RoutePatternFactory.Parse("Projects/{id:guid}"), "Archive",
            TenantScope.Tenant, "/Org/Projects/Details", [], [new("labelId", typeof(Guid), InRoute: false)]);

        var problems = RouteClassification.Unclassified([unknown, newParameter]).ToArray();

        Assert.Equal(2, problems.Length);
        Assert.StartsWith("GET /invitations/{token} (a route served on every host) is not classified", problems[0]);
        Assert.StartsWith("POST /Projects/{id:guid}?handler=Archive: parameter \"labelId\"", problems[1]);
    }

    [Theory]
    [InlineData(Place.TenantHost)]
    [InlineData(Place.TenantPath)]
    public async Task AnswerEveryActorInsideATenantAsClassifiedAndNameNoOtherTenant(Place place)
    {
        var routes = await ClassifiedRoutesAsync();
        var cases = await MatrixPlan.InsideTenantAsync(routes, app.World, place);
        await RunAsync(cases);
    }

    [Fact]
    public async Task AnswerEveryActorOutsideTenantsAsClassifiedAndNameNoTenant()
    {
        var cases = MatrixPlan.OutsideTenants(await ClassifiedRoutesAsync(), app.World);
        await RunAsync(cases);
    }

    private async Task RunAsync(IReadOnlyList<MatrixCase> cases)
    {
        var before = await app.World.SnapshotAsync();
        var names = await app.World.NamesAsync();
        var clock = Stopwatch.StartNew();

        var failures = await new MatrixRunner(app).RunAsync(cases, names);

        TestContext.Current.TestOutputHelper?.WriteLine($"{cases.Count} requests in {clock.ElapsedMilliseconds} ms");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} answers were wrong:\n{string.Join("\n", failures.Take(60))}");
        // Nothing refused, and nothing sent with another tenant's ids, changed a row.
        Assert.Equal(before, await app.World.SnapshotAsync());
    }

    private Task<IReadOnlyList<AppRoute>> RoutesAsync() => RouteCatalog.DiscoverAsync(app.Services);

    // The matrix needs every route classified; ClassifyEveryRouteTheAppServes says what is missing.
    private async Task<IReadOnlyList<AppRoute>> ClassifiedRoutesAsync()
    {
        var routes = await RoutesAsync();
        Assert.Empty(RouteClassification.Unclassified(routes));
        return routes;
    }
}
