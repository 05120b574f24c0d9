using System.Collections.Concurrent;
using System.Net;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// A mixed load through PgBouncer: alice in acme (subdomain) and carol in globex (path mode), 16 requests at a time,
/// reading the dashboard and project pages and adding tasks, on the pooler's three server connections. No request
/// fails, no answer shows the other tenant, and every task written lands in its own tenant's project.
/// </summary>
[RunsLong]
public sealed class TwoTenantLoadShould(TwoTenantLoadFactory app) : IClassFixture<TwoTenantLoadFactory>
{
    private const int Requests = 3000;
    private const int Concurrency = 16;

    /// <summary>One side of the load; nothing of the other side's may appear in its answers.</summary>
    public sealed record Side(string Marker, string Host, string BasePath, string Slug, string[] DemoProjects);

    public static readonly Side Acme = new("ACME-LOAD", "acme.localhost", "", "acme", ["Q3 planning", "Rocket skates", "Website relaunch"]);
    public static readonly Side Globex = new("GLOBEX-LOAD", "localhost", "/org/globex", "globex", ["Hammock district", "Magma research"]);

    [Fact]
    public async Task AnswerEveryRequestWithOnlyItsOwnTenantAndWriteEveryTaskIntoIt()
    {
        var acme = await PageSession.OpenAsync(app.ClientFor(Acme.Host, app.Demo.Alice), Acme.BasePath + "/");
        var globex = await PageSession.OpenAsync(app.ClientFor(Globex.Host, app.Demo.Carol), Globex.BasePath);
        var failures = new ConcurrentBag<string>();
        var written = new ConcurrentDictionary<string, Guid>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            var (side, other, page, projects) = i % 2 == 0
                ? (Acme, Globex, acme, app.AcmeProjects)
                : (Globex, Acme, globex, app.GlobexProjects);
            var index = i / 6 % projects.Count;
            var project = projects[index];
            var title = $"{side.Marker} task {i}";
            var (request, mustShow) = (i / 2 % 3) switch
            {
                0 => (page.GetAsync(side.BasePath + "/"), $"{side.Marker} project"),
                1 => (page.GetAsync($"{side.BasePath}/projects/{project}"), $"{side.Marker} project {index}"),
                _ => (page.PostAsync($"{side.BasePath}/projects/{project}?handler=Add", new() { ["Title"] = title }, htmx: true), title),
            };
            var response = await request;
            var html = await response.Content.ReadAsStringAsync(ct);
            var leaked = Leaks(html, other);
            if (response.StatusCode != HttpStatusCode.OK || !html.Contains(mustShow, StringComparison.Ordinal) || leaked.Length > 0)
                failures.Add($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}, " +
                             $"{(html.Contains(mustShow, StringComparison.Ordinal) ? "" : $"missing \"{mustShow}\", ")}leaked [{string.Join(", ", leaked)}]");
            if (mustShow == title) written[title] = project;
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"{Requests} requests in {clock.ElapsedMilliseconds} ms");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {Requests} answers were wrong:\n{string.Join("\n", failures.Take(20))}");
        Assert.Equal(Requests / 3, written.Count);
        await AssertEveryTaskInItsOwnProjectAsync(written);
        // Every runtime transaction ran on the pooler's few server connections.
        Assert.InRange(await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND usename = $1", PostgresServer.RuntimeRole),
            1, PgBouncer.PoolSize);
    }

    private static string[] Leaks(string html, Side other) =>
        [.. other.DemoProjects.Append(other.Marker).Append($"/org/{other.Slug}").Append($"{other.Slug}.localhost")
            .Where(name => html.Contains(name, StringComparison.OrdinalIgnoreCase))];

    // Read as the superuser, past RLS: each task the load wrote exists once, in the project (and so the tenant) it was
    // posted to, and no task of the load exists that was not answered as written.
    private async Task AssertEveryTaskInItsOwnProjectAsync(ConcurrentDictionary<string, Guid> written)
    {
        var admin = AdminSources.For(app.AdminConnectionString);
        await using var command = admin.CreateCommand("""
            SELECT t.title, t.project_id, t.organization_id FROM tasks t
            WHERE t.title LIKE 'ACME-LOAD task %' OR t.title LIKE 'GLOBEX-LOAD task %'
            """);
        var rows = new List<(string Title, Guid Project, Guid Organization)>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                rows.Add((reader.GetString(0), reader.GetGuid(1), reader.GetGuid(2)));

        Assert.Equal(written.Count, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(written[row.Title], row.Project);
            Assert.Equal(row.Title.StartsWith(Acme.Marker, StringComparison.Ordinal) ? app.Demo.Acme : app.Demo.Globex, row.Organization);
        });
    }
}
