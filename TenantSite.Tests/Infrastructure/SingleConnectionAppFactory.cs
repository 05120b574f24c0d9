using System.Net;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The app on real Kestrel (a free loopback port) over a pool of one connection: whatever request comes next gets the
/// very connection the one before had, so a test can see what a request leaves behind on it.
/// </summary>
public sealed class SingleConnectionAppFactory(PostgresServer postgres) : TenantSiteFactory(postgres)
{
    public int Port { get; private set; }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:TenantSite"] = Postgres.Runtime(Database, maxPoolSize: 1),
    };

    protected override void BeforeStart()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        Port = ClientOptions.BaseAddress.Port;
    }

    /// <summary>A client that talks to Kestrel over TCP as <paramref name="userId"/>, on <paramref name="host"/>.</summary>
    public HttpClient SocketClientFor(string host, Guid userId)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
        };
        client.DefaultRequestHeaders.Host = host;
        client.DefaultRequestHeaders.Add(TestAuthHandler.Header, userId.ToString());
        return client;
    }
}
