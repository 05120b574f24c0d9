using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TenantSite.Auth.Oidc;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// A minimal app using the real <see cref="OidcHandler"/>: cookie auth + <c>AddOidc</c> on TestServer,
/// a protected endpoint that echoes claims and stored tokens, an error page, a silent-login and a
/// sign-out endpoint. Its back-channel talks to the <see cref="TestProvider"/> over real HTTP.
/// </summary>
public sealed class RelyingParty : IAsyncDisposable
{
    public const string Scheme = OidcDefaults.AuthenticationScheme;

    private readonly WebApplication _app;

    private RelyingParty(WebApplication app, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
    }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<RelyingParty> StartAsync(TestProvider provider, Action<OidcOptions>? configure, CancellationToken cancel)
    {
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        builder.Services.AddAuthorization();
        builder.Services
            .AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddCookie()
            .AddOidc(Scheme, o =>
            {
                o.Authority = provider.Issuer;
                o.ClientId = provider.Settings.ClientId;
                o.ClientSecret = provider.Settings.ClientSecret;
                o.RequireHttpsMetadata = false; // the test provider is plain http on 127.0.0.1
                configure?.Invoke(o);
            });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        MapEndpoints(app);
        await app.StartAsync(cancel);
        return new RelyingParty(app, logs);
    }

    /// <summary>A fresh browser on one of the app's hosts, e.g. <c>http://acme.localhost</c>.</summary>
    public TestBrowser CreateBrowser(string baseAddress = "http://acme.localhost") =>
        new(_app.GetTestServer().CreateHandler(), new Uri(baseAddress));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/protected", async (HttpContext context, ClaimsPrincipal user) => Results.Text(new JsonObject
        {
            ["claims"] = new JsonObject([.. user.Claims.GroupBy(c => c.Type)
                .Select(g => KeyValuePair.Create(g.Key, (JsonNode?)string.Join(" ", g.Select(c => c.Value))))]),
            ["id_token"] = await context.GetTokenAsync("id_token"),
            ["access_token"] = await context.GetTokenAsync("access_token"),
            ["refresh_token"] = await context.GetTokenAsync("refresh_token"),
        }.ToJsonString(), "application/json")).RequireAuthorization();

        app.MapGet("/signin/error", (string? error, string? returnUrl) => $"error={error};returnUrl={returnUrl}");

        // A naive login endpoint that trusts its returnUrl: the handler must still not echo a foreign one.
        app.MapGet("/login", (string returnUrl) => Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [Scheme]));

        app.MapGet("/silent", () => Results.Challenge(
            new OidcChallengeProperties { Prompt = "none", RedirectUri = "/protected" }, [Scheme]));

        app.MapGet("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignOutAsync(Scheme, new AuthenticationProperties { RedirectUri = "/bye" });
        });
        app.MapGet("/bye", () => "bye");
    }
}
