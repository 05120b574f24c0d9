using TenantSite.Auth;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// When each session was last used, without a write per request: a session's use is noted at most once a minute and
/// written in one statement by the poll, as the runtime role, through tenantsite_touch_sessions.
/// </summary>
public sealed class SessionSightingsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteASessionsUseAtMostOnceAMinute()
    {
        var clock = new MovableClock();
        var sightings = new SessionSightings(app.RuntimeDataSource) { Clock = clock };
        var session = await SessionLastSeenAnHourAgoAsync();

        sightings.Seen(session);
        await sightings.FlushAsync(Ct);
        Assert.True(await LastSeenAsync(session) > DateTime.UtcNow.AddMinutes(-1), "the first use is written");

        await BackdateAsync(session);
        sightings.Seen(session);
        await sightings.FlushAsync(Ct);
        Assert.True(await LastSeenAsync(session) < DateTime.UtcNow.AddMinutes(-30), "a use within the minute is not written again");

        clock.Advance(SessionSightings.Every);
        sightings.Seen(session);
        await sightings.FlushAsync(Ct);
        Assert.True(await LastSeenAsync(session) > DateTime.UtcNow.AddMinutes(-1), "a use a minute later is");
    }

    [Fact]
    public async Task LeaveAnEndedSessionAsItEnded()
    {
        var sightings = new SessionSightings(app.RuntimeDataSource);
        var session = await SessionLastSeenAnHourAgoAsync();
        await TestOrganizations.ScalarAsync<object?>(app.AdminConnectionString,
            "INSERT INTO session_revocations (session_id, expires_at) VALUES ($1, now() + interval '1 day')", session.ToString());

        sightings.Seen(session);
        await sightings.FlushAsync(Ct);

        Assert.True(await LastSeenAsync(session) < DateTime.UtcNow.AddMinutes(-30));
    }

    private async Task<Guid> SessionLastSeenAnHourAgoAsync()
    {
        var id = Guid.NewGuid();
        await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString,
            "INSERT INTO user_sessions (id, family_id, user_id, host, last_seen_at) VALUES ($1, $1, $2, 'localhost', now() - interval '1 hour') RETURNING id",
            id, app.Demo.Alice);
        return id;
    }

    private Task BackdateAsync(Guid session) => TestOrganizations.ScalarAsync<object?>(app.AdminConnectionString,
        "UPDATE user_sessions SET last_seen_at = now() - interval '1 hour' WHERE id = $1", session);

    private Task<DateTime> LastSeenAsync(Guid session) => TestOrganizations.ScalarAsync<DateTime>(app.AdminConnectionString,
        "SELECT last_seen_at FROM user_sessions WHERE id = $1", session);
}
