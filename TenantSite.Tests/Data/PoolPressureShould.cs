using System.Net;
using AngleSharp.Html.Parser;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>The app over a pool of two connections for many tenants.</summary>
public class PoolPressureFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    public const int Tenants = 24;
    public Guid Member { get; private set; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:TenantSite"] = RuntimeConnectionString(maxPoolSize: 2),
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = AdminSources.For(AdminConnectionString);
        await using var command = admin.CreateCommand("""
            WITH u AS (INSERT INTO users (issuer, subject, email, name) VALUES ('test', 'pressure', 'p@example.com', 'P') RETURNING id),
                 o AS (INSERT INTO organizations (name, slug)
                       SELECT 'Tenant ' || i, 'tenant-' || lpad(i::text, 2, '0') FROM generate_series(1, $1) i RETURNING id, slug),
                 m AS (INSERT INTO organization_members (organization_id, user_id, role) SELECT o.id, u.id, 'member' FROM o, u)
            INSERT INTO projects (organization_id, name) SELECT id, 'Project of ' || slug FROM o;
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = Tenants });
        await command.ExecuteNonQueryAsync();
        await using var user = admin.CreateCommand("SELECT id FROM users WHERE subject = 'pressure'");
        Member = (Guid)(await user.ExecuteScalarAsync())!;
    }
}

/// <summary>The same app, its two connections through PgBouncer in transaction mode.</summary>
public sealed class PoolPressureThroughPgBouncerFactory(PostgresServer postgres) : PoolPressureFactory(postgres)
{
    protected override bool ThroughPgBouncer => true;
}

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
