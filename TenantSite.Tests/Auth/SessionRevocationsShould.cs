using Microsoft.Extensions.Options;
using Npgsql;
using TenantSite.Auth;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// Sign-outs shared through the database, as the runtime role: each <see cref="SessionRevocations"/> here stands for
/// one instance (the app's own poll is not running: each test has a fresh database and drives the polls itself).
/// </summary>
public sealed class SessionRevocationsShould(PostgresServer postgres) : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private string _database = "";
    private NpgsqlDataSource _runtime = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _runtime = NpgsqlDataSource.Create(postgres.Runtime(_database));
    }

    public async ValueTask DisposeAsync() => await _runtime.DisposeAsync();

    [Fact]
    public async Task RejectASignedOutSessionAtOnceOnTheInstanceWhereItSignedOut()
    {
        var a = Instance();
        Assert.False(a.IsRevoked("sid-1"));

        await a.RevokeAsync("sid-1", Ct);

        Assert.True(a.IsRevoked("sid-1"));
        Assert.False(a.IsRevoked("sid-2"));
        Assert.False(a.IsRevoked(null));
    }

    [Fact]
    public async Task LearnAnotherInstancesSignOutAtItsNextPollAndLoadAllAtItsFirst()
    {
        var (a, b) = (Instance(), Instance());
        Assert.True(await b.PollAsync(Ct));

        await a.RevokeAsync("sid-1", Ct);
        Assert.False(b.IsRevoked("sid-1")); // memory only: no round-trip per check
        Assert.True(await b.PollAsync(Ct));
        Assert.True(b.IsRevoked("sid-1"));

        var started = Instance();
        Assert.True(await started.PollAsync(Ct));
        Assert.True(started.IsRevoked("sid-1"));
    }

    [Fact]
    public async Task KeepARevocationAsLongAsACookieCanLivePlusADay()
    {
        await new SessionRevocations(_runtime, NullLogger<SessionRevocations>.Instance) { CookieLifetime = TimeSpan.FromDays(14) }
            .RevokeAsync("sid-1", Ct);

        Assert.Equal(TimeSpan.FromDays(15), await AdminScalarAsync<TimeSpan>(
            "SELECT expires_at - revoked_at FROM session_revocations WHERE session_id = 'sid-1'"));
    }

    [Fact]
    public async Task TakeASecondSignOutOfTheSameSessionWithoutError()
    {
        await Instance().RevokeAsync("sid-1", Ct);
        await Instance().RevokeAsync("sid-1", Ct);

        Assert.Equal(1L, await AdminScalarAsync<long>("SELECT count(*) FROM session_revocations"));
    }

    [Fact]
    public async Task IgnoreExpiredRevocationsAndDeleteThemOnCleanup()
    {
        await AdminExecAsync("""
            INSERT INTO session_revocations (session_id, revoked_at, expires_at) VALUES
                ('expired', now() - interval '16 days', now() - interval '1 day'),
                ('live', now() - interval '14 days', now() + interval '1 day')
            """);
        var instance = Instance();

        Assert.True(await instance.PollAsync(Ct));
        Assert.False(instance.IsRevoked("expired"));
        Assert.True(instance.IsRevoked("live"));

        await instance.CleanUpAsync(Ct); // as the runtime role
        Assert.Equal("live", await AdminScalarAsync<string>("SELECT string_agg(session_id, ',') FROM session_revocations"));
    }

    [Fact]
    public async Task ForgetARevocationInMemoryOnceItHasExpired()
    {
        var clock = new MovableClock();
        var instance = new SessionRevocations(_runtime, NullLogger<SessionRevocations>.Instance)
        {
            CookieLifetime = TimeSpan.FromDays(14), Clock = clock,
        };
        await instance.RevokeAsync("sid-1", Ct);

        clock.Advance(TimeSpan.FromDays(14));
        await instance.CleanUpAsync(Ct);
        Assert.True(instance.IsRevoked("sid-1"));

        clock.Advance(TimeSpan.FromDays(1));
        await instance.CleanUpAsync(Ct);
        Assert.False(instance.IsRevoked("sid-1"));
    }

    [Fact]
    public async Task KeepASignOutTheDatabaseRefusedAndWriteItAtTheNextPoll()
    {
        var (a, b) = (Instance(), Instance());
        await AdminExecAsync($"REVOKE INSERT ON session_revocations FROM {PostgresServer.RuntimeRole}");

        await a.RevokeAsync("sid-1", Ct); // the sign-out itself goes on
        Assert.True(a.IsRevoked("sid-1"));
        Assert.False(await a.PollAsync(Ct));

        await AdminExecAsync($"GRANT INSERT ON session_revocations TO {PostgresServer.RuntimeRole}");
        Assert.True(await a.PollAsync(Ct));
        Assert.True(await b.PollAsync(Ct));
        Assert.True(b.IsRevoked("sid-1"));
    }

    [Fact]
    public async Task SignOutWithoutWaitingLongForADatabaseThatDoesNotAnswer()
    {
        // Accepts connections (the kernel completes the handshake) and never says a word.
        var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
            await using var unanswered = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={port};Username=x;Timeout=30");
            var instance = new SessionRevocations(unanswered, NullLogger<SessionRevocations>.Instance)
            {
                WriteTimeout = TimeSpan.FromMilliseconds(300),
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();

            await instance.RevokeAsync("sid-1", Ct);

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"The sign-out waited {clock.Elapsed}.");
            Assert.True(instance.IsRevoked("sid-1"));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Theory]
    [InlineData("PollInterval", "00:00:00", "SessionRevocations:PollInterval must be between")]
    [InlineData("PollInterval", "01:00:00", "SessionRevocations:PollInterval must be between")]
    [InlineData("CleanupInterval", "00:00:00", "SessionRevocations:CleanupInterval must be between")]
    public void RefuseAnIntervalOutOfRangeWithAMessage(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"SessionRevocations:{key}"] = value }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddTenantSiteAuth(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SessionRevocationOptions>>().Value);
        Assert.Contains(message, error.Message);
    }

    private SessionRevocations Instance() => new(_runtime, NullLogger<SessionRevocations>.Instance);

    private async Task AdminExecAsync(string sql)
    {
        var admin = AdminSources.For(postgres.Admin(_database));
        await PostgresServer.Exec(admin, sql);
    }

    private Task<T> AdminScalarAsync<T>(string sql) => TestOrganizations.ScalarAsync<T>(postgres.Admin(_database), sql);
}
