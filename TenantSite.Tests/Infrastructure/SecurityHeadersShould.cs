using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using TenantSite.Infrastructure;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Every kind of response carries the security headers: pages, htmx fragments and htmx redirects, redirects, every
/// error page (4xx, and 500 from an exception), static files (also 304) and the health check.
/// </summary>
public sealed class SecurityHeadersShould(ThrowingAppFactory app) : IClassFixture<ThrowingAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("landing page", HttpStatusCode.OK)]
    [InlineData("tenant page", HttpStatusCode.OK)]
    [InlineData("htmx fragment", HttpStatusCode.OK)]
    [InlineData("htmx redirect", HttpStatusCode.NoContent)]
    [InlineData("redirect", HttpStatusCode.Redirect)]
    [InlineData("missing antiforgery token", HttpStatusCode.BadRequest)]
    [InlineData("missing permission", HttpStatusCode.Forbidden)]
    [InlineData("missing page", HttpStatusCode.NotFound)]
    [InlineData("unknown organization", HttpStatusCode.NotFound)]
    [InlineData("wrong method", HttpStatusCode.MethodNotAllowed)]
    [InlineData("exception", HttpStatusCode.InternalServerError)]
    [InlineData("stylesheet", HttpStatusCode.OK)]
    [InlineData("htmx script", HttpStatusCode.OK)]
    [InlineData("unchanged stylesheet", HttpStatusCode.NotModified)]
    [InlineData("health check", HttpStatusCode.OK)]
    public async Task BeOnEveryKindOfResponse(string kind, HttpStatusCode status)
    {
        var response = await SendAsync(kind);

        Assert.Equal(status, response.StatusCode);
        var policy = PolicyDirectives.Parse(Header(response, "Content-Security-Policy"));
        Assert.Equal("'self'", policy["script-src"]);
        Assert.Equal("'none'", policy["frame-ancestors"]);
        Assert.Equal("'self' http://localhost http://*.localhost", policy["form-action"]);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Header(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("same-origin", Header(response, "Cross-Origin-Resource-Policy"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over http");
    }

    // Antiforgery used to add X-Frame-Options: SAMEORIGIN to the pages that set its cookie, and only to those.
    [Fact]
    public async Task DenyFramingOnceAlsoWhereAntiforgerySetsItsCookie()
    {
        var response = await app.ClientFor("acme.localhost", app.Demo.Alice).GetAsync("/", Ct);

        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    public async Task SendHstsOverHttpsOutsideDevelopment(string path)
    {
        var client = app.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(SecurityHeaders.StrictTransportSecurity, response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task SendNoHstsInDevelopment()
    {
        await using var development = app.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var client = development.CreateClient(new() { BaseAddress = new Uri("https://localhost") });

        var response = await client.GetAsync("/css/site.css", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private async Task<HttpResponseMessage> SendAsync(string kind)
    {
        var anonymous = app.ClientFor("localhost");
        return kind switch
        {
            "landing page" => await anonymous.GetAsync("/", Ct),
            "tenant page" => await app.ClientFor("acme.localhost", app.Demo.Alice).GetAsync("/", Ct),
            "htmx fragment" => await app.ClientFor("localhost", app.Demo.Alice).SendAsync(Htmx("/onboarding?handler=Check&Name=Fragment"), Ct),
            // Without a provider configured (as here), /signin redirects to its error page.
            "htmx redirect" => await anonymous.SendAsync(Htmx("/signin"), Ct),
            "redirect" => await anonymous.GetAsync("/signin", Ct),
            "missing antiforgery token" => await anonymous.PostAsync("/signout", new FormUrlEncodedContent([]), Ct),
            "missing permission" => await app.ClientFor("acme.localhost", app.Demo.Bob).GetAsync("/settings", Ct),
            "missing page" => await anonymous.GetAsync("/no-such-page", Ct),
            "unknown organization" => await app.ClientFor("no-such-org.localhost").GetAsync("/", Ct),
            "wrong method" => await anonymous.GetAsync("/signout", Ct),
            "exception" => await anonymous.GetAsync(ThrowingAppFactory.Path, Ct),
            "stylesheet" => await anonymous.GetAsync("/css/site.css", Ct),
            "htmx script" => await anonymous.GetAsync("/lib/htmx/dist/htmx.min.js", Ct),
            "unchanged stylesheet" => await anonymous.SendAsync(Conditional("/css/site.css",
                (await anonymous.GetAsync("/css/site.css", Ct)).Headers.ETag!), Ct),
            "health check" => await anonymous.GetAsync("/healthz", Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static HttpRequestMessage Htmx(string url) => new(HttpMethod.Get, url) { Headers = { { "HX-Request", "true" } } };

    private static HttpRequestMessage Conditional(string url, EntityTagHeaderValue etag) =>
        new(HttpMethod.Get, url) { Headers = { IfNoneMatch = { etag } } };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"No {name} on the {(int)response.StatusCode} response.");
}
