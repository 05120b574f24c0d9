using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// A minimal OpenID provider on real Kestrel (127.0.0.1, port 0): discovery, JWKS, authorize (auto-login),
/// token (checks client authentication and the PKCE verifier for real), userinfo and end-session.
/// It counts requests and remembers every secret it hands out, so tests can assert none is logged.
/// </summary>
public sealed class TestProvider : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentDictionary<string, string> _accessTokens = new();
    private int _discoveryRequests;
    private int _jwksRequests;

    private TestProvider(WebApplication app) => _app = app;

    public TestProviderSettings Settings { get; private set; } = new();
    public string Issuer { get; private set; } = "";
    public int DiscoveryRequests => _discoveryRequests;
    public int JwksRequests => _jwksRequests;
    public IReadOnlyDictionary<string, string> LastAuthorizeRequest { get; private set; } = new Dictionary<string, string>();
    public string? LastClientAuthentication { get; private set; }
    public IReadOnlyDictionary<string, string>? LastEndSessionRequest { get; private set; }

    /// <summary>Every id_token, access token and code_verifier seen, plus the client secret.</summary>
    public ConcurrentBag<string> Secrets { get; } = [];

    public static async Task<TestProvider> StartAsync(CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var provider = new TestProvider(app);
        provider.Map(app);
        await app.StartAsync(cancel);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        provider.Issuer = address.TrimEnd('/');
        provider.Secrets.Add(provider.Settings.ClientSecret);
        return provider;
    }

    /// <summary>
    /// Plays the browser at the provider: GETs the authorization URL and returns where the provider sends
    /// the browser back (a redirect, or the auto-submitting form_post page parsed with AngleSharp).
    /// </summary>
    public async Task<AuthorizationResponse> AuthorizeAsync(Uri authorizationUrl, CancellationToken cancel)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await client.GetAsync(authorizationUrl, cancel);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            return new AuthorizationResponse(response.Headers.Location!, Form: null);
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync(cancel));
        var form = page.Forms.Single();
        Assert.Equal("post", form.Method, ignoreCase: true);
        var fields = form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        return new AuthorizationResponse(new Uri(form.Action), fields);
    }

    /// <summary>
    /// Back to the default settings and no last requests, for the next test of a class that shares this provider (and
    /// its app). What discovery publishes must not change between them: the app keeps the document it read.
    /// </summary>
    public void Reset(TestProviderSettings settings)
    {
        if (!settings.PublishesTheSameAs(Settings))
            throw new InvalidOperationException("A shared provider cannot publish other discovery; start a host of the test's own.");
        Settings = settings;
        LastAuthorizeRequest = new Dictionary<string, string>();
        LastClientAuthentication = null;
        LastEndSessionRequest = null;
        Secrets.Add(settings.ClientSecret);
    }

    /// <summary>Stops answering (a provider outage or network failure from the app's view).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref _discoveryRequests);
            var document = new JsonObject
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = $"{Issuer}/authorize",
                ["token_endpoint"] = $"{Issuer}/token",
                ["userinfo_endpoint"] = $"{Issuer}/userinfo",
                ["jwks_uri"] = $"{Issuer}/jwks",
                ["response_types_supported"] = new JsonArray("code"),
                ["response_modes_supported"] = new JsonArray("query", "form_post"),
                ["subject_types_supported"] = new JsonArray("public"),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256", "ES256"),
                ["code_challenge_methods_supported"] = new JsonArray("S256"),
            };
            if (Settings.TokenEndpointAuthMethods.Count > 0)
            {
                document["token_endpoint_auth_methods_supported"] = new JsonArray([.. Settings.TokenEndpointAuthMethods.Select(m => JsonValue.Create(m))]);
            }
            if (Settings.AdvertiseEndSession)
            {
                document["end_session_endpoint"] = $"{Issuer}/end_session";
            }
            return Results.Text(document.ToJsonString(), "application/json");
        });

        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref _jwksRequests);
            var keys = new JsonArray([.. Settings.PublishedKeys.Select(k => k.Jwk.DeepClone())]);
            return Results.Text(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
        });

        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", (Delegate)new TestProviderTokenEndpoint(this).HandleAsync);
        app.MapGet("/userinfo", (HttpRequest request) =>
        {
            var bearer = request.Headers.Authorization.ToString();
            return bearer.StartsWith("Bearer ", StringComparison.Ordinal) && _accessTokens.TryGetValue(bearer[7..], out var sub)
                ? Results.Text(Settings.UserInfo(sub).ToJsonString(), "application/json")
                : Results.Unauthorized();
        });

        app.MapGet("/end_session", (HttpRequest request) =>
        {
            LastEndSessionRequest = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
            var back = request.Query["post_logout_redirect_uri"].ToString();
            return back.Length == 0
                ? Results.Text("signed out")
                : Results.Redirect(QueryHelpers.AddQueryString(back, "state", request.Query["state"].ToString()));
        });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        LastAuthorizeRequest = query;
        if (query.GetValueOrDefault("client_id") != Settings.ClientId || query.GetValueOrDefault("response_type") != "code" ||
            query.GetValueOrDefault("code_challenge_method") != "S256")
        {
            return Results.BadRequest("unsupported request");
        }
        // As Google and Entra ID: an unregistered redirect URI gets an error page, never a redirect to it.
        if (!Settings.RedirectUris.Contains(query.GetValueOrDefault("redirect_uri") ?? ""))
        {
            return Results.BadRequest("redirect_uri_mismatch");
        }

        var parameters = new Dictionary<string, string> { ["state"] = query["state"], ["iss"] = Issuer };
        if (Settings.AuthorizeError is { } error)
        {
            parameters["error"] = error;
        }
        else if (query.GetValueOrDefault("prompt") == "none" && !Settings.HasSession)
        {
            parameters["error"] = "login_required";
        }
        else
        {
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = new IssuedCode(query["redirect_uri"], query["code_challenge"], query.GetValueOrDefault("nonce"));
            parameters["code"] = code;
        }
        return Respond(query["redirect_uri"], query.GetValueOrDefault("response_mode") ?? "query", parameters);
    }

    private static IResult Respond(string redirectUri, string responseMode, Dictionary<string, string> parameters)
    {
        if (responseMode != "form_post")
        {
            return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, parameters!));
        }
        var inputs = string.Concat(parameters.Select(p =>
            $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode(p.Value)}\">"));
        return Results.Content(
            $"<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirectUri)}\">{inputs}</form></body></html>",
            "text/html");
    }

    internal bool TryRedeem(string code, out IssuedCode issued) => _codes.TryRemove(code, out issued!);

    internal void RecordClientAuthentication(string method) => LastClientAuthentication = method;

    internal void RememberAccessToken(string accessToken, string subject) => _accessTokens[accessToken] = subject;

    internal sealed record IssuedCode(string RedirectUri, string CodeChallenge, string? Nonce);
}
