using TenantSite.Auth;
using TenantSite.Health;
using TenantSite.Observability;
using TenantSite.Proxies;
using TenantSite.RateLimits;
using TenantSite.Security;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

namespace TenantSite;

/// <summary>
/// The one place that orders the middleware: a request passes the steps below from top to bottom, and its response
/// comes back through them bottom to top. Each <c>Use…</c> adds exactly one middleware; none is added anywhere else.
/// The framework puts the developer exception page in front in Development, and runs the matched endpoint after the
/// last step; the endpoints themselves are mapped in Program.cs.
/// </summary>
public static class Pipeline
{
    public static WebApplication UseTenantSitePipeline(this WebApplication app)
    {
        // The client's address, scheme and host from the configured proxies, before anything reads them.
        app.UseForwardedHeadersFromProxies();
        // Outermost, so its headers are written after every step below has had its say, on every response.
        app.UseSecurityHeaders();
        // An exception becomes the error page (503 for a database outage), re-run through the steps below.
        app.UseExceptionPages();
        // An error status gets its page the same way, with the tenant the request resolved.
        app.UseStatusCodePagesWithReExecute("/errors/{0}");
        // Files answer before any tenant or sign-in work.
        app.UseStaticFiles();
        // Dynamic responses vary by HX-Request, so a cache never serves a fragment for a page.
        app.UseVaryByHtmx();
        // A redirect answered to htmx becomes HX-Redirect, whichever step below sent it.
        app.UseHtmxRedirects();
        // /healthz before tenancy: no tenant, no sign-in, and on a tenant's host still the probe, never a page.
        app.UseLivenessProbe();
        // /readyz, before tenancy for the same reasons.
        app.UseReadinessProbe();
        // 400 for a host outside the root domain; the request's mode; in path mode /org moves into PathBase.
        app.UseTenantAddressing();
        // An error page re-uses what its request resolved, so resolution runs for the request only.
        app.UseWhen(context => !TenantAddressing.IsErrorPage(context), resolving => resolving
            // The organization from the host or the path, before routing, which then sees the rebased path.
            .UseMultiTenant()
            // 404 for a named organization that does not resolve: unknown, malformed and reserved look the same.
            .UseNotFoundUnlessResolved());
        // The organization on every later log line, span and metric.
        app.UseTenantDiagnostics();
        // The endpoint, which the input checks, authorization and the limits below read.
        app.UseRouting();
        // Per client address, before authentication, which answers the OpenID Connect callback itself.
        app.UseSignInRateLimit();
        // Malformed query strings and forms get 400 before anything reads them; after routing, as a page names its
        // multi-line fields.
        app.UseInputChecks();
        // Over http, a SameSite=None sign-in cookie becomes Lax, which browsers keep (OidcSignIn).
        app.UseCookiePolicy();
        // The user from the session cookie.
        app.UseAuthentication();
        // On an API endpoint, a bearer key alone decides who the request is, in place of the cookie's user.
        app.UseApiKeys();
        // The user (or key) and client address into the DataScope: the membership check reads as that user.
        app.UseDataScopeUser();
        // The user id on every later log line.
        app.UseUserDiagnostics();
        // Membership of the organization (404 otherwise) and permissions (403).
        app.UseAuthorization();
        // The organization whose membership authorization confirmed, into the DataScope.
        app.UseDataScopeOrganization();
        // Per API key, reads too; after authorization, so a key at the wrong organization counts for nothing. Every API
        // answer gets the caller's allowance (RateLimit-*) here.
        app.UseApiKeyRateLimit();
        // Writes per user and per organization, both known only now; a request turned away above counts for nobody.
        app.UseWriteRateLimit();
        return app;
    }
}
