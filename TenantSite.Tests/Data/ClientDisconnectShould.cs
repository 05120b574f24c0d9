using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// A client that hangs up while its write waits in PostgreSQL (held there by a lock the test takes): the write is
/// cancelled whole, and the pooled connection goes back clean. With a pool of one, the next request, from another
/// tenant, runs on that same connection and finds no trace of the first tenant in its settings.
/// </summary>
public sealed class ClientDisconnectShould(SingleConnectionAppFactory app) : IClassFixture<SingleConnectionAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CancelAProjectWriteWholeAndHandTheConnectionToTheNextTenantClean()
    {
        var client = app.SocketClientFor("acme.localhost", app.Demo.Alice);
        var dashboard = await PageSession.OpenAsync(client, "/");
        var backend = await AppBackendAsync();

        await CutOffWhileWaitingAsync("projects", client, dashboard.Token, "/?handler=Create", new() { ["Name"] = "Cut off" });

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM projects WHERE name = 'Cut off'"));
        await AssertNextTenantFindsACleanConnectionAsync(backend);
    }

    [Fact]
    public async Task CancelAnOrganizationAndItsOwnerTogetherAndLeaveNoTenantOnTheConnection()
    {
        // tenantsite_create_organization inserts the organization, enters it (set_config) and then inserts its owner:
        // the lock holds it between the two.
        var client = app.SocketClientFor("localhost", app.Demo.Alice);
        var onboarding = await PageSession.OpenAsync(client, "/onboarding");
        var backend = await AppBackendAsync();
        var slug = TestOrganizations.NewSlug("cut");

        await CutOffWhileWaitingAsync("organization_members", client, onboarding.Token, "/onboarding",
            new() { ["Name"] = "Cut off", ["Slug"] = slug });

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM organizations WHERE slug = $1", slug));
        await AssertNextTenantFindsACleanConnectionAsync(backend);
    }

    // Sends the form, waits until its write waits for the lock on <table>, hangs up, waits until PostgreSQL has
    // cancelled it, and only then lets go of the lock: a write that was not cancelled would now go through.
    private async Task CutOffWhileWaitingAsync(string table, HttpClient client, string token, string url, Dictionary<string, string> fields)
    {
        var admin = AdminSources.For(app.AdminConnectionString);
        await using var locker = await admin.OpenConnectionAsync(Ct);
        await using var transaction = await locker.BeginTransactionAsync(Ct);
        await Sql.ReadAsync(locker, $"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE");

        using var hangUp = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }),
        };
        var sent = client.SendAsync(request, hangUp.Token);
        await WaitForAsync("the write to wait for the lock", "wait_event_type = 'Lock'");
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sent);
        await WaitForAsync("PostgreSQL to cancel the write", "state = 'idle'");
        await transaction.RollbackAsync(Ct);
        await WaitForAsync("the connection to be idle after the lock is gone", "state = 'idle'");
    }

    // The same physical connection (pool of one) serves globex now: its page shows globex only, and the connection
    // carries neither acme's organization nor alice.
    private async Task AssertNextTenantFindsACleanConnectionAsync(int backend)
    {
        var response = await app.SocketClientFor("globex.localhost", app.Demo.Carol).GetAsync("/", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hammock district", html);
        Assert.DoesNotContain("Website relaunch", html);
        Assert.DoesNotContain("Cut off", html);

        await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(Ct);
        var row = (await Sql.ReadAsync(connection,
            "SELECT pg_backend_pid(), current_setting('app.current_org_id', true), current_setting('app.current_user_id', true)")).Single();
        Assert.Equal(backend, row[0]);
        Assert.True(string.IsNullOrEmpty(row[1] as string), $"app.current_org_id is still {row[1]}");
        Assert.True(string.IsNullOrEmpty(row[2] as string), $"app.current_user_id is still {row[2]}");
    }

    // The app's only pooled connection for pages: the runtime role's, other than the notification listener's and the
    // sign-out poll's own pool ("… background").
    private static readonly string PooledBackend = "datname = current_database() AND usename = 'tenantsite_app' " +
        $"AND application_name IS DISTINCT FROM '{TenantSite.Data.ListenDataSource.ApplicationName}' AND application_name NOT LIKE '% background'";

    // The pid of the app's only pooled connection to its database.
    private Task<int> AppBackendAsync() => ScalarAsync<int>($"SELECT pid FROM pg_stat_activity WHERE {PooledBackend}");

    private async Task WaitForAsync(string what, string condition)
    {
        for (var wait = 0; wait < 200; wait++)
        {
            if (await ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE {PooledBackend} AND {condition})")) return;
            await Task.Delay(50, Ct);
        }
        throw new TimeoutException($"Waited 10 s for {what}.");
    }

    private Task<T> ScalarAsync<T>(string sql, params object[] args) => TestOrganizations.ScalarAsync<T>(app.AdminConnectionString, sql, args);
}
