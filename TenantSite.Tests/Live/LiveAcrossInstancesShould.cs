using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Live;

/// <summary>
/// Two app instances on one database: a change made through one instance's page reaches the streams open on the other,
/// because it travels through PostgreSQL (NOTIFY) and not through the process that made it.
/// </summary>
public sealed class LiveAcrossInstancesShould(LiveInstances instances) : IClassFixture<LiveInstances>
{
    [Fact]
    public async Task DeliverAChangeMadeOnOneInstanceToStreamsOnTheOther()
    {
        var demo = instances.A.Demo;
        var project = await instances.A.ProjectOfAsync(demo.Acme);
        await using var onB = await instances.B.StreamAsync("acme.localhost", $"/projects/{project}?handler=Live", demo.Bob);
        await using var dashboardOnB = await instances.B.StreamAsync("localhost", "/org/acme/?handler=Live", demo.Alice);
        await using var globexOnB = await instances.B.StreamAsync("globex.localhost", "/?handler=Live", demo.Carol);

        // alice adds a task with the project page's own form, on A.
        var page = await PageSession.OpenAsync(instances.A.SocketClientFor("acme.localhost", demo.Alice), $"/projects/{project}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var added = await page.PostFormAsync("Add", new() { ["Title"] = "Added on instance A" }, htmx: true);
        added.EnsureSuccessStatusCode();
        var answered = clock.Elapsed;

        await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(3), () => Task.FromResult(onB.Count("tasks") == 1 && dashboardOnB.Count("projects") == 1),
            "B's project and dashboard streams hear the task added on A");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"A answered the post in {answered.TotalMilliseconds:0} ms; B's streams had the event {clock.Elapsed.TotalMilliseconds:0} ms after it was sent");
        Assert.Empty(globexOnB.Events);
    }
}
