using System.Net;
using AngleSharp.Html.Parser;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

public sealed class PoolPressureShould(PoolPressureFactory app) : PoolPressureTests(app), IClassFixture<PoolPressureFactory>;

public sealed class PoolPressureThroughPgBouncerShould(PoolPressureThroughPgBouncerFactory app)
    : PoolPressureTests(app), IClassFixture<PoolPressureThroughPgBouncerFactory>;

/// <summary>The tests of <see cref="PoolPressureShould"/>, over whichever runtime connection the fixture gives.</summary>
public abstract class PoolPressureTests(PoolPressureFactory app)
{
    [Fact]
    public async Task ReturnNoRowOfAnotherTenantUnderThousandsOfInterleavedRequests()
    {
        const int requests = 2000;
        var ct = TestContext.Current.CancellationToken;
        var hostClient = app.ClientFor("localhost", app.Member);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var parser = new HtmlParser();

        await Parallel.ForAsync(0, requests, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (i, token) =>
        {
            var slug = $"tenant-{i % PoolPressureFactory.Tenants + 1:00}";
            // Alternate the two modes so both code paths share the two connections.
            var request = i % 2 == 0
                ? new HttpRequestMessage(HttpMethod.Get, $"http://{slug}.localhost/")
                : new HttpRequestMessage(HttpMethod.Get, $"http://localhost/org/{slug}");
            var response = await hostClient.SendAsync(request, token);
            var html = await response.Content.ReadAsStringAsync(token);
            var names = parser.ParseDocument(html).QuerySelectorAll(".project-name").Select(e => e.TextContent.Trim()).ToArray();
            if (response.StatusCode != HttpStatusCode.OK || names is not [var only] || only != $"Project of {slug}")
                failures.Add($"{request.RequestUri}: {response.StatusCode} [{string.Join(", ", names)}]");
        });

        Assert.Empty(failures);
    }
}
