using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using TenantSite.Auth;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Test-only sign-in for tests about tenancy rather than sign-in: the request names the user (users.id) in a header.
/// The real OpenID Connect sign-in has its own tests.
/// </summary>
public sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";
    public const string SessionHeader = "X-Test-Session";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var value)) return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity([new Claim(TenantSiteClaims.UserId, value.ToString())], SchemeName);
        // The sign-in's family id (see Auth/SessionRevocations), when the test names one.
        if (Request.Headers.TryGetValue(SessionHeader, out var family)) identity.AddClaim(new Claim(TenantSiteClaims.SessionFamily, family.ToString()));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
