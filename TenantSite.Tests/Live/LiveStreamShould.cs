using System.Net;
using TenantSite.Auth;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Live;

/// <summary>
/// The pages' live streams (<c>?handler=Live</c> of the dashboard and of a project page) over real Kestrel and the real
/// LISTEN connection: changes written by someone else, straight into the database as the runtime role under RLS.
/// </summary>
public sealed class LiveStreamShould(LiveAppFactory app) : IClassFixture<LiveAppFactory>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    private DemoData Demo => app.Demo;

    private Task AddTaskAsync(Guid organization, Guid user, Guid project, string title) =>
        Sql.QueryAsync(app.RuntimeDataSource, organization, user,
            "INSERT INTO tasks (organization_id, project_id, title) VALUES ($1, $2, $3)", organization, project, title);

    private static Task ArrivesAsync(EventStream stream, string name, int count, string what) =>
        Eventually.TrueWithinAsync(Soon, () => Task.FromResult(stream.Count(name) >= count), what);

    // Quiet for a while: heartbeats went by (so the stream was open and read) and no event named name came.
    private static async Task StaysQuietAsync(EventStream stream, string name, int count, string what)
    {
        var comments = stream.Comments;
        await Eventually.TrueWithinAsync(Soon, () => Task.FromResult(stream.Comments >= comments + 2), "two heartbeats on " + what);
        Assert.True(stream.Count(name) == count, $"{what}: expected {count} \"{name}\" events, got {string.Join(", ", stream.Events)}");
    }

    [Fact]
    public async Task DeliverAChangeToItsOwnOrganizationsStreamsAndNeverToAnothers()
    {
        await using var acme = await app.StreamAsync("acme.localhost", "/?handler=Live", Demo.Alice);
        await using var globex = await app.StreamAsync("globex.localhost", "/?handler=Live", Demo.Carol);
        // bob is a member of acme and a viewer of globex: his globex stream hears globex only.
        await using var bobInGlobex = await app.StreamAsync("localhost", "/org/globex/?handler=Live", Demo.Bob);

        await AddTaskAsync(Demo.Acme, Demo.Alice, await app.ProjectOfAsync(Demo.Acme), "Acme's live task");
        await ArrivesAsync(acme, "projects", 1, "acme's stream hears acme's change");
        await StaysQuietAsync(globex, "projects", 0, "globex's stream after acme's change");
        await StaysQuietAsync(bobInGlobex, "projects", 0, "bob's globex stream after acme's change");

        await AddTaskAsync(Demo.Globex, Demo.Carol, await app.ProjectOfAsync(Demo.Globex), "Globex's live task");
        await ArrivesAsync(globex, "projects", 1, "globex's stream hears globex's change");
        await ArrivesAsync(bobInGlobex, "projects", 1, "bob's globex stream hears globex's change");
        await StaysQuietAsync(acme, "projects", 1, "acme's stream after globex's change");
        // Nothing but event names, comments and the retry hint: no tenant data on the wire.
        Assert.All(acme.Lines.Concat(globex.Lines), line => Assert.Matches("^(|:.*|retry: [0-9]+|event: projects|data: projects)$", line));
    }

    [Theory]
    [InlineData("acme.localhost", "/?handler=Live")]
    [InlineData("localhost", "/org/acme/?handler=Live")]
    public async Task AnswerAHeadRequestWithTheStreamsHeadersAndNoStream(string host, string path)
    {
        using var client = app.SocketClientFor(host, Demo.Alice);
        client.Timeout = TimeSpan.FromSeconds(10); // a stream would hold the answer for its whole lifetime (5 minutes here)
        var streams = app.Services.GetRequiredService<TenantSite.Live.LiveChanges>();
        // The earlier tests' streams end shortly after their clients go (CI once counted one ending meanwhile).
        await Eventually.TrueWithinAsync(Soon, () => Task.FromResult(streams.Count == 0), "the earlier tests' streams end");

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, streams.Count);
    }

    [Fact]
    public async Task TellAProjectPageOnlyAboutItsOwnProject()
    {
        var (first, second) = (await app.ProjectOfAsync(Demo.Acme, 0), await app.ProjectOfAsync(Demo.Acme, 1));
        await using var page = await app.StreamAsync("acme.localhost", $"/projects/{first}?handler=Live", Demo.Alice);

        await AddTaskAsync(Demo.Acme, Demo.Alice, second, "Elsewhere");
        await StaysQuietAsync(page, "tasks", 0, "a project page after a change in another project");
        await AddTaskAsync(Demo.Acme, Demo.Alice, first, "Here");
        await ArrivesAsync(page, "tasks", 1, "a project page after a change in its project");
        await Sql.QueryAsync(app.RuntimeDataSource, Demo.Acme, Demo.Alice, "UPDATE tasks SET completed = true WHERE project_id = $1", first);
        await ArrivesAsync(page, "tasks", 2, "a project page after its tasks were completed");
    }

    [Fact]
    public async Task EndTheStreamOfARemovedMember()
    {
        var dave = await AddUserAsync("live-dave", Roles.Member);
        await using var removed = await app.StreamAsync("acme.localhost", "/?handler=Live", dave);
        await using var stays = await app.StreamAsync("acme.localhost", "/?handler=Live", Demo.Bob);

        await Sql.QueryWithoutTenantAsync(app.AdminSource,
            "DELETE FROM organization_members WHERE organization_id = $1 AND user_id = $2", Demo.Acme, dave);
        await Eventually.TrueWithinAsync(Soon, () => Task.FromResult(removed.Ended), "the removed member's stream ends");
        Assert.Equal(["end"], removed.Events);
        await StaysQuietAsync(stays, "end", 0, "another member's stream");
        Assert.False(stays.Ended);
        // And a new one is refused like any outsider's.
        var again = await app.SocketClientFor("acme.localhost", dave).GetAsync("/?handler=Live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task RefetchThePageWhenItsMembersRoleChanges()
    {
        var erin = await AddUserAsync("live-erin", Roles.Member);
        await using var stream = await app.StreamAsync("acme.localhost", "/?handler=Live", erin);
        await Sql.QueryWithoutTenantAsync(app.AdminSource,
            "UPDATE organization_members SET role = 'viewer' WHERE organization_id = $1 AND user_id = $2", Demo.Acme, erin);
        // The page offers a viewer fewer buttons: it fetches its fragments again.
        await ArrivesAsync(stream, "projects", 1, "a stream whose member became a viewer refreshes");
        Assert.False(stream.Ended);
    }

    [Fact]
    public async Task RefreshEveryStreamWhenTheListenerIsBackAfterAGap()
    {
        await using var stream = await app.StreamAsync("acme.localhost", "/?handler=Live", Demo.Alice);
        var admin = app.AdminSource;
        var listener = await Sql.QueryWithoutTenantAsync(admin,
            "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            TenantSite.Data.ListenDataSource.ApplicationName);
        Assert.Equal([true], listener.Select(row => (bool)row[0]!));
        // Whatever happened meanwhile went unheard: once the listener is back, the page fetches its fragments again.
        await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => Task.FromResult(stream.Count("projects") == 1),
            "the stream refreshes once the listener listens again");
        Assert.False(stream.Ended);
    }

    [Fact]
    public async Task EndTheStreamOfASignedOutSession()
    {
        await using var stream = await app.StreamAsync("acme.localhost", "/?handler=Live", Demo.Bob, family: "live-family-1");
        await app.Services.GetRequiredService<SessionRevocations>().RevokeAsync("live-family-1", TestContext.Current.CancellationToken);
        await Eventually.TrueWithinAsync(Soon, () => Task.FromResult(stream.Ended), "a signed-out session's stream ends");
        Assert.Equal(["end"], stream.Events);
    }

    [Theory]
    [InlineData("acme.localhost", "/?handler=Live")]
    [InlineData("localhost", "/org/acme/?handler=Live")]
    [InlineData("localhost", "/org/acme/projects/{project}?handler=Live")]
    public async Task AnswerANonMemberWithTheNotFoundOfAMissingOrganization(string host, string path)
    {
        var url = path.Replace("{project}", (await app.ProjectOfAsync(Demo.Acme)).ToString(), StringComparison.Ordinal);
        var outsider = await app.SocketClientFor(host, Demo.Carol).GetAsync(url, TestContext.Current.CancellationToken);
        var missing = await app.SocketClientFor("localhost", Demo.Carol).GetAsync("/org/no-such-org/?handler=Live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The same error page, not a stream: a member's stream cannot be told from a missing organization's.
        Assert.Equal(missing.Content.Headers.ContentType?.MediaType, outsider.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Not found", await outsider.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LetAViewerSubscribeAndKeepAnotherTenantsProjectOut()
    {
        // bob is a viewer of globex.
        await using var viewer = await app.StreamAsync("globex.localhost", "/?handler=Live", Demo.Bob);
        Assert.Equal("no-cache", viewer.Response.Headers.CacheControl?.ToString());
        Assert.Equal(["no"], viewer.Response.Headers.GetValues("X-Accel-Buffering"));
        Assert.Empty(viewer.Response.Content.Headers.ContentEncoding);
        await Eventually.TrueWithinAsync(Soon, () => Task.FromResult(viewer.Comments >= 2), "heartbeats on an idle stream");

        // acme's project on globex's host: not found, like any id of another organization.
        var other = await app.SocketClientFor("globex.localhost", Demo.Bob)
            .GetAsync($"/projects/{await app.ProjectOfAsync(Demo.Acme)}?handler=Live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task RefuseMoreStreamsThanAUserMayHoldWithTooManyRequests()
    {
        var frank = await AddUserAsync("live-frank", Roles.Viewer);
        var open = new List<EventStream>();
        try
        {
            for (var i = 0; i < LiveAppFactory.MaxStreamsPerUser; i++) open.Add(await app.StreamAsync("acme.localhost", "/?handler=Live", frank));
            var refused = await app.SocketClientFor("acme.localhost", frank).GetAsync("/?handler=Live", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

            // A closed stream frees its place.
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await Eventually.TrueWithinAsync(Soon, async () =>
            {
                var response = await app.SocketClientFor("acme.localhost", frank).GetAsync("/?handler=Live", HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
                if (response.StatusCode != HttpStatusCode.OK) return false;
                response.Dispose();
                return true;
            }, "a place freed by a closed stream");
        }
        finally
        {
            foreach (var stream in open) await stream.DisposeAsync();
        }
    }

    private async Task<Guid> AddUserAsync(string subject, string role)
    {
        var admin = app.AdminSource;
        var id = (Guid)(await Sql.QueryWithoutTenantAsync(admin,
            "INSERT INTO users (issuer, subject, email, name) VALUES ('live-tests', $1, $1 || '@example.com', $1) RETURNING id", subject))[0][0]!;
        await Sql.QueryWithoutTenantAsync(admin,
            "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3)", Demo.Acme, id, role);
        return id;
    }
}
