using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TenantSite.Auth;
using TenantSite.Tests.Auth.Oidc;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The whole app, its sign-in pointed at a <see cref="TestProvider"/>: the official handler as TenantSite configures
/// it, /signin, /signout, provisioning into a real database, and the sign-in error page. Each app has its own
/// data-protection key ring and captures every log line. A test-only <c>/test/session</c> shows the session cookie.
/// </summary>
public sealed class ProviderAppFactory(PostgresServer postgres, TestProvider provider, Action<OpenIdConnectOptions>? configure,
    IDictionary<string, string?>? settings) : TenantSiteFactory(postgres,
    new ProviderSignIn(provider.Issuer, provider.Settings.ClientId, provider.Settings.ClientSecret),
    new AppSettings(settings ?? new Dictionary<string, string?>()),
    new CapturedLogs<CapturingLoggerProvider>(appMinimum: LogLevel.Trace),
    new TestServices(services =>
    {
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        if (configure is not null) services.Configure(OidcSignIn.Scheme, configure);
        services.AddTransient<IStartupFilter, SessionEndpoint>();
    }))
{
    /// <summary>Echoes the session cookie's claims and stored tokens as JSON; 401 without a session.</summary>
    public const string SessionPath = "/test/session";

    public CapturingLoggerProvider Logs => Part<CapturedLogs<CapturingLoggerProvider>>().Provider;

    /// <summary>A browser on one of the app's hosts, e.g. <c>http://acme.localhost</c>.</summary>
    public TestBrowser CreateBrowser(string baseAddress) => new(Server.CreateHandler(), new Uri(baseAddress));

    private sealed class SessionEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(SessionPath, branch => branch.Run(async context =>
            {
                var session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                if (!session.Succeeded)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                var claims = session.Principal!.Claims.GroupBy(c => c.Type)
                    .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)string.Join(" ", g.Select(c => c.Value))));
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["claims"] = new JsonObject(claims),
                    ["tokens"] = new JsonArray([.. session.Properties!.GetTokens().Select(t => (JsonNode?)t.Name)]),
                    ["id_token"] = session.Properties.GetTokenValue("id_token"),
                });
            }));
            next(app);
        };
    }
}
