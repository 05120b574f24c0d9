using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Npgsql;
using TenantSite.Tests.Observability;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app with its real sign-in, configured the way an operator turns logging all the way up (every category at
/// Trace, EF's commands included) and with passwords in its connection strings, after one whole flow as alice on
/// acme's host: sign-in through tools/dev-idp, the tenant's pages, htmx and plain form posts, sign-out. It keeps
/// every log entry and every secret the flow produced, by kind.
/// </summary>
public sealed class SignedInFlowApp : TenantSiteFactory
{
    // Trust authentication ignores them; the app still holds them in its connection strings.
    private readonly string _runtimePassword;
    private readonly string _adminPassword;

    public SignedInFlowApp(PostgresServer postgres, DevIdp idp)
        : this(postgres, idp, "runtime-pw-" + Guid.NewGuid().ToString("N"), "admin-pw-" + Guid.NewGuid().ToString("N")) { }

    private SignedInFlowApp(PostgresServer postgres, DevIdp idp, string runtimePassword, string adminPassword) : base(postgres,
        new ProviderSignIn(idp),
        new AppSettings(app =>
        [
            KeyValuePair.Create("Logging:LogLevel:Default", (string?)"Trace"),
            KeyValuePair.Create("Logging:LogLevel:Microsoft", (string?)"Trace"),
            KeyValuePair.Create("Logging:LogLevel:Microsoft.AspNetCore", (string?)"Trace"),
            KeyValuePair.Create("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", (string?)"Trace"),
            KeyValuePair.Create("Logging:LogLevel:System", (string?)"Trace"),
            KeyValuePair.Create("ConnectionStrings:TenantSite",
                (string?)new NpgsqlConnectionStringBuilder(app.Postgres.Runtime(app.Database)) { Password = runtimePassword }.ConnectionString),
            KeyValuePair.Create("ConnectionStrings:TenantSiteAdmin",
                (string?)new NpgsqlConnectionStringBuilder(app.OwnerConnectionString) { Password = adminPassword }.ConnectionString),
        ]),
        new CapturedLogs<LogCapture>(),
        // The token endpoint's answer never reaches the browser: read it on the app's back channel.
        new TestServices((app, services) => services.PostConfigureAll<OpenIdConnectOptions>(o =>
            o.Backchannel = new HttpClient(new TokenRecorder((SignedInFlowApp)app) { InnerHandler = o.BackchannelHttpHandler! }, disposeHandler: false))))
    {
        _runtimePassword = runtimePassword;
        _adminPassword = adminPassword;
    }

    public LogCapture Logs => Part<CapturedLogs<LogCapture>>().Provider;

    /// <summary>What must never be logged, by kind ("code", "id_token", "cookie", …).</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Secrets { get; } = new();

    /// <summary>The tenant pages the flow opened while signed in (paths, as ASP.NET Core's RequestPath scope has them).</summary>
    public List<string> TenantPaths { get; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Add("connection password", _runtimePassword, _adminPassword);
        Add("client secret", DevIdp.ClientSecret, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DevIdp.ClientId}:{DevIdp.ClientSecret}")));
        await RunFlowAsync();
    }

    private async Task RunFlowAsync()
    {
        using var browser = NewBrowser();
        var dashboard = await browser.LogInAtProviderAsync(await browser.FollowAsync(await browser.GetAsync("http://acme.localhost/")), "alice");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        AddCookies(browser.Cookies);

        // The pages through a client that shares the browser's cookie jar, so that htmx requests can carry their headers.
        using var client = new HttpClient(new CookieContainerHandler(browser.Cookies) { InnerHandler = Server.CreateHandler() })
        {
            BaseAddress = new Uri("http://acme.localhost"),
        };
        var home = await OpenAsync(client, "/");
        await ExpectAsync(HttpStatusCode.OK, home.PostFormAsync("create", new() { ["Name"] = "Logged project" }, htmx: true));
        var project = await TestOrganizations.ScalarAsync<Guid>(AdminConnectionString,
            "SELECT id FROM projects WHERE organization_id = $1 AND name = 'Logged project'", Demo.Acme);

        var details = await OpenAsync(client, $"/projects/{project}");
        await ExpectAsync(HttpStatusCode.OK, details.PostFormAsync("add", new() { ["Title"] = "Logged task" }, htmx: true));
        var task = await TestOrganizations.ScalarAsync<Guid>(AdminConnectionString, "SELECT id FROM tasks WHERE project_id = $1", project);
        await ExpectAsync(HttpStatusCode.OK, details.PostFormAsync("toggle", new() { ["taskId"] = task.ToString() }, htmx: true));
        var plain = await details.PostFormAsync("add", new() { ["Title"] = "Plain form task" });
        Assert.True(plain.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"plain form post: {(int)plain.StatusCode}");
        await OpenAsync(client, "/members");
        await OpenAsync(client, "/settings");
        AddCookies(browser.Cookies);

        var confirm = await browser.FollowAsync(await browser.PostFormAsync("http://acme.localhost/signout",
            [new("__RequestVerificationToken", home.Token)]));
        var signedOut = await browser.ConfirmAtProviderAsync(confirm, [new("logout", "yes")]);
        Assert.Equal(HttpStatusCode.OK, signedOut.StatusCode);
        AddCookies(browser.Cookies);

        // The browser saw the authorization response (code, state) and the end-session request (id_token_hint, state).
        foreach (var uri in browser.Visited)
        {
            var query = HttpUtility.ParseQueryString(uri.Query);
            Add("code", query["code"]);
            Add("state", query["state"]);
            Add("id_token", query["id_token_hint"]);
        }
    }

    private async Task<PageSession> OpenAsync(HttpClient client, string path)
    {
        var session = await PageSession.OpenAsync(client, path);
        Add("antiforgery token", session.Token);
        TenantPaths.Add(path);
        return session;
    }

    private static async Task ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        Assert.True(response.StatusCode == status, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
    }

    private void AddCookies(CookieContainer cookies)
    {
        // Long values only: a short one ("1", "true") would match by chance, and every secret cookie is long.
        foreach (Cookie cookie in cookies.GetAllCookies())
            if (cookie.Value.Length >= 16) Add("cookie " + cookie.Name, cookie.Value);
    }

    private void Add(string kind, params string?[] values)
    {
        foreach (var value in values)
            if (!string.IsNullOrEmpty(value)) Secrets.GetOrAdd(kind, _ => []).Add(value);
    }

    /// <summary>Keeps the token request's code, verifier and credentials and the answer's tokens.</summary>
    private sealed class TokenRecorder(SignedInFlowApp app) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Content is not null && request.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal))
            {
                var form = HttpUtility.ParseQueryString(await request.Content.ReadAsStringAsync(cancellationToken));
                app.Add("code", form["code"]);
                app.Add("code_verifier", form["code_verifier"]);
                app.Add("client credentials", request.Headers.Authorization?.Parameter);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                foreach (var name in new[] { "id_token", "access_token", "refresh_token" })
                    if (json.RootElement.TryGetProperty(name, out var token)) app.Add(name, token.GetString());
            }
            return response;
        }
    }
}
