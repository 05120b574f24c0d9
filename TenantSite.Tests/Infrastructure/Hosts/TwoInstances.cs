namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// Two app hosts, <see cref="A"/> and <see cref="B"/>, on one database with the real sign-in (tools/dev-idp), as two
/// instances behind a load balancer. Each has its own services: its own key-ring cache, tenant cache and sign-out set;
/// neither has a key directory (the key ring is in the database). <see cref="NewBrowser"/> gives a browser whose
/// requests to the app go to whichever instance the test points it at. For a test of anything one instance must learn
/// from another (a sign-out, a slug change), take it through <c>IClassFixture&lt;TwoInstances&gt;</c>.
/// </summary>
public sealed class TwoInstances(PostgresServer postgres, DevIdp idp) : IAsyncLifetime
{
    private readonly List<Instance> _others = [];

    public PostgresServer Postgres { get; } = postgres;
    public DevIdp Idp { get; } = idp;
    public Instance A { get; private set; } = null!;
    public Instance B { get; private set; } = null!;

    /// <summary>The shared database, its superuser connection string (no RLS: for setup and assertions), the demo data.</summary>
    public string Database => A.Database;
    public string AdminConnectionString => A.AdminConnectionString;
    public DemoData Demo => A.Demo;

    public async ValueTask InitializeAsync()
    {
        // One after the other: A creates the database, seeds it and makes the first key; B finds all three.
        A = new Instance(Postgres, Idp, "A", database: null, new Dictionary<string, string?>());
        await A.InitializeAsync();
        B = new Instance(Postgres, Idp, "B", A.Database, new Dictionary<string, string?>());
        await B.InitializeAsync();
    }

    /// <summary>A third instance on the same database with <paramref name="settings"/> on top; disposed with the fixture.</summary>
    public async Task<Instance> StartAnotherAsync(string name, IDictionary<string, string?> settings)
    {
        var instance = new Instance(Postgres, Idp, name, A.Database, settings);
        _others.Add(instance);
        await instance.InitializeAsync();
        return instance;
    }

    /// <summary>A browser (one cookie jar, as a user's) whose app requests go to <see cref="Balancer.Target"/>, A at first.</summary>
    public (Browser Browser, Balancer Balancer) NewBrowser()
    {
        var balancer = new Balancer(A, B);
        return (new Browser(balancer, Idp.Issuer), balancer);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var other in _others) await other.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
    }

    /// <summary>One instance: the real app with the real sign-in, on a database of its own or the one given.</summary>
    public sealed class Instance(PostgresServer postgres, DevIdp idp, string name, string? database,
        IDictionary<string, string?> settings) : TenantSiteFactory(postgres,
        [new ProviderSignIn(idp), new AppSettings(settings), .. OnDatabase.If(database)])
    {
        public string Name { get; } = name;

        public override string ToString() => Name;
    }

    /// <summary>Sends each app request to the instance <see cref="Target"/> names, as a load balancer would.</summary>
    public sealed class Balancer(Instance a, Instance b) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _a = new(a.Server.CreateHandler());
        private readonly HttpMessageInvoker _b = new(b.Server.CreateHandler());

        public Instance Target { get; set; } = a;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (Target == b ? _b : _a).SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _a.Dispose();
                _b.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
