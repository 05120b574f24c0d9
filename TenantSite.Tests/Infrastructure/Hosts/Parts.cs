using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TenantSite.SmtpSink;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>Settings on top of the test defaults (a later part's value for the same key wins).</summary>
public sealed class AppSettings(Func<TenantSiteFactory, IEnumerable<KeyValuePair<string, string?>>> values) : HostPart
{
    public AppSettings(IEnumerable<KeyValuePair<string, string?>> values) : this(_ => values) { }

    public AppSettings(params (string Key, string? Value)[] values) : this(_ => values.Select(v => KeyValuePair.Create(v.Key, v.Value))) { }

    public override void AddSettings(TenantSiteFactory app, IDictionary<string, string?> settings)
    {
        foreach (var (key, value) in values(app)) settings[key] = value;
    }
}

/// <summary>Test-only services, registered after the app's own (so they replace them).</summary>
public sealed class TestServices(Action<TenantSiteFactory, IServiceCollection> configure) : HostPart
{
    public TestServices(Action<IServiceCollection> configure) : this((_, services) => configure(services)) { }

    public override void ConfigureHost(TenantSiteFactory app, IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => configure(app, services));
}

/// <summary>Anything else on the host builder: logging providers, configuration sources.</summary>
public sealed class OnHostBuilder(Action<IWebHostBuilder> configure) : HostPart
{
    public override void ConfigureHost(TenantSiteFactory app, IWebHostBuilder builder) => configure(builder);
}

/// <summary>
/// A hosting environment other than Testing. Outside Development and Testing the key ring must be encrypted (KeyRing/):
/// with the run's test certificate.
/// </summary>
public sealed class InEnvironment(string name) : HostPart
{
    public string Name { get; } = name;

    public override void AddSettings(TenantSiteFactory app, IDictionary<string, string?> settings)
    {
        if (Name is "Development" or "Testing") return;
        settings["DataProtection:Certificate:Path"] = TestCertificates.Shared.Path;
        settings["DataProtection:Certificate:Password"] = TestCertificates.Shared.Password;
    }

    public override void ConfigureHost(TenantSiteFactory app, IWebHostBuilder builder) => builder.UseEnvironment(Name);
}

/// <summary>
/// Who the user is comes from a request header (<see cref="TestAuthHandler"/>): the default sign-in of a host with no
/// other. With <paramref name="appChallenges"/>, challenges and refusals stay the app's own (the cookie scheme's
/// redirect to /signin and 403), as in production.
/// </summary>
public sealed class HeaderSignIn(bool appChallenges = false) : HostPart
{
    public override bool SignsIn => true;

    public override void ConfigureHost(TenantSiteFactory app, IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services => services.AddAuthentication(o =>
            {
                o.DefaultAuthenticateScheme = TestAuthHandler.SchemeName;
                if (appChallenges) return;
                o.DefaultScheme = TestAuthHandler.SchemeName;
                o.DefaultChallengeScheme = TestAuthHandler.SchemeName;
                o.DefaultForbidScheme = TestAuthHandler.SchemeName;
            })
            .AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.SchemeName, _ => { }));
}

/// <summary>
/// The app's real sign-in: OpenID Connect against <see cref="Idp"/> (the run's tools/dev-idp unless given) as client
/// <see cref="ClientId"/>; a provider the part owns it starts before the host and stops after it.
/// </summary>
public sealed class ProviderSignIn : HostPart
{
    private readonly bool _owns;

    public ProviderSignIn(DevIdp idp, string clientId = DevIdp.ClientId, bool owns = false)
        : this(idp.Issuer, clientId, DevIdp.ClientSecret)
    {
        Idp = idp;
        _owns = owns;
    }

    /// <summary>Another provider (Auth/Oidc's TestProvider), known by its issuer and client credentials.</summary>
    public ProviderSignIn(string issuer, string clientId, string clientSecret)
    {
        _issuer = issuer;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    private readonly string _issuer;
    public DevIdp? Idp { get; }
    public string Issuer => Idp?.Issuer ?? _issuer; // an owned dev-idp knows its port only once started
    public string ClientId { get; }
    public string ClientSecret { get; }

    public override bool SignsIn => true;

    public override async ValueTask StartAsync()
    {
        if (_owns) await Idp!.InitializeAsync();
    }

    public override void AddSettings(TenantSiteFactory app, IDictionary<string, string?> settings)
    {
        settings["Oidc:Authority"] = Issuer;
        settings["Oidc:ClientId"] = ClientId;
        settings["Oidc:ClientSecret"] = ClientSecret;
        settings["Oidc:RequireHttpsMetadata"] = "false"; // the providers are plain http on 127.0.0.1
    }

    public override async ValueTask StopAsync()
    {
        if (_owns) await Idp!.DisposeAsync();
    }
}

/// <summary>Real Kestrel on a free loopback port instead of TestServer alone, for clients that need a socket.</summary>
public sealed class OnKestrel : HostPart
{
    public int Port { get; private set; }

    public override void BeforeStart(TenantSiteFactory app)
    {
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        Port = app.ClientOptions.BaseAddress.Port;
    }
}

/// <summary>The app's runtime pool at <paramref name="maxSize"/> connections (direct, or through PgBouncer with that part).</summary>
public sealed class RuntimePool(int maxSize) : HostPart
{
    public override void AddSettings(TenantSiteFactory app, IDictionary<string, string?> settings) =>
        settings["ConnectionStrings:TenantSite"] = app.RuntimeConnectionString(maxSize);
}

/// <summary>The runtime role's connections (the app's and <see cref="TenantSiteFactory.RuntimeDataSource"/>) through the run's PgBouncer in transaction mode.</summary>
public sealed class ThroughPgBouncer : HostPart;

/// <summary>Another host's database instead of a fresh copy: a second instance of the same deployment.</summary>
public sealed class OnDatabase(string name) : HostPart
{
    public string Name { get; } = name;

    /// <summary>The part for <paramref name="name"/>, or none (a fresh copy) when it is null.</summary>
    public static HostPart[] If(string? name) => name is null ? [] : [new OnDatabase(name)];
}

/// <summary>A mail server for the app: a real SMTP sink (tools/smtp-sink), read by the tests.</summary>
public sealed class MailServer : HostPart
{
    public MailSink Sink { get; private set; } = null!;

    public override async ValueTask StartAsync() => Sink = await MailSink.StartAsync();

    public override void AddSettings(TenantSiteFactory app, IDictionary<string, string?> settings)
    {
        settings["Email:From"] = "TenantSite <no-reply@localhost>";
        settings["Email:Smtp:Host"] = "127.0.0.1";
        settings["Email:Smtp:Port"] = Sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Email:Smtp:Security"] = "None"; // it is on 127.0.0.1
    }

    public override async ValueTask StopAsync() => await Sink.DisposeAsync();
}

/// <summary>
/// Everything the app logs, kept by <see cref="Provider"/>: from <paramref name="atLeast"/> up when given, and with the
/// app's own minimum lowered to <paramref name="appMinimum"/> when given.
/// </summary>
public sealed class CapturedLogs<T>(LogLevel? atLeast = null, LogLevel? appMinimum = null) : HostPart where T : ILoggerProvider, new()
{
    public T Provider { get; } = new();

    public override void ConfigureHost(TenantSiteFactory app, IWebHostBuilder builder) => builder.ConfigureLogging(logging =>
    {
        logging.AddProvider(Provider);
        if (atLeast is { } level) logging.AddFilter<T>(null, level);
        if (appMinimum is { } minimum) logging.SetMinimumLevel(minimum);
    });
}
