using Microsoft.AspNetCore.Authentication;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// The app for the route matrix, with the <see cref="MatrixWorld"/> seeded. Who the user is comes from the test header,
/// but challenges and refusals are the app's own (the cookie scheme): anonymous visitors are sent to <c>/signin</c>
/// and a missing permission is a 403, as in production.
/// </summary>
public class RouteMatrixFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    public MatrixWorld World { get; private set; } = null!;

    // The matrix reads every answer to its end, so a page's live stream (TenantSite/Live) ends here after half a second,
    // and an actor may hold as many as the matrix opens at once. MatrixRunner checks what each stream carried.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Live:StreamLifetime"] = "00:00:00.5",
        ["Live:MaxStreamsPerUser"] = "1000",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        World = await MatrixWorld.CreateAsync(AdminConnectionString);
    }

    protected override void ConfigureTestAuthentication(IServiceCollection services) =>
        services.AddAuthentication(o => o.DefaultAuthenticateScheme = TestAuthHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { });
}

/// <summary>The same app, its runtime connections through PgBouncer in transaction mode.</summary>
public sealed class RouteMatrixThroughPgBouncerFactory(PostgresServer postgres) : RouteMatrixFactory(postgres)
{
    protected override bool ThroughPgBouncer => true;
}
