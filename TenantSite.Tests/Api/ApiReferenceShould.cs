using System.Net;
using Microsoft.AspNetCore.Hosting;
using TenantSite.Infrastructure;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Api;

/// <summary>
/// Scalar's interactive reference: served in Development only, with the one Content-Security-Policy that lets its
/// inline start-up script and styles run, while every other response keeps the strict one.
/// </summary>
public sealed class ApiReferenceShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServeTheReferenceInDevelopmentWithItsOwnPolicy()
    {
        await using var development = app.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var client = development.CreateClient(new() { BaseAddress = new Uri("http://localhost") });

        var page = await client.GetAsync("/scalar/v1", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(ContentSecurityPolicy.ApiReference, page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/scalar.js", Ct)).StatusCode);

        var landing = await client.GetAsync("/", Ct);
        Assert.DoesNotContain("unsafe-inline", landing.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotServeTheReferenceOutsideDevelopment()
    {
        var response = await app.ClientFor("localhost").GetAsync("/scalar/v1", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
