using TenantSite.Tests.Pages.RouteMatrix;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app for the route matrix, with the <see cref="MatrixWorld"/> seeded. Who the user is comes from the test header,
/// but challenges and refusals are the app's own (the cookie scheme): anonymous visitors are sent to <c>/signin</c>
/// and a missing permission is a 403, as in production.
/// </summary>
public class RouteMatrixFactory : TenantSiteFactory
{
    public RouteMatrixFactory(PostgresServer postgres) : this(postgres, []) { }

    // The matrix reads every answer to its end, so a page's live stream (TenantSite/Live) ends here after half a second,
    // and an actor may hold as many as the matrix opens at once. MatrixRunner checks what each stream carried.
    protected RouteMatrixFactory(PostgresServer postgres, params HostPart[] parts) : base(postgres,
        [new HeaderSignIn(appChallenges: true), new AppSettings(("Live:StreamLifetime", "00:00:00.5"), ("Live:MaxStreamsPerUser", "1000")), .. parts])
    {
    }

    public MatrixWorld World { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        World = await MatrixWorld.CreateAsync(AdminConnectionString);
    }
}

/// <summary>The same app, its runtime connections through PgBouncer in transaction mode.</summary>
public sealed class RouteMatrixThroughPgBouncerFactory(PostgresServer postgres) : RouteMatrixFactory(postgres, new ThroughPgBouncer());
