using System.Net;

namespace TenantSite.Tests.Infrastructure;

/// <summary>The app with its real sign-in: OpenID Connect against tools/dev-idp and the auth cookie.</summary>
public class OidcAppFactory(PostgresServer postgres, DevIdp idp) : TenantSiteFactory(postgres)
{
    public DevIdp Idp { get; } = idp;

    /// <summary>The provider's client this app signs in as; one registered for <see cref="DevIdp.InMemoryOrigin"/> unless overridden.</summary>
    protected virtual string OidcClientId => DevIdp.ClientId;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Oidc:Authority"] = Idp.Issuer,
        ["Oidc:ClientId"] = OidcClientId,
        ["Oidc:ClientSecret"] = DevIdp.ClientSecret,
        ["Oidc:RequireHttpsMetadata"] = "false",
    };

    protected override void ConfigureTestAuthentication(IServiceCollection services) { }

    /// <summary>
    /// A browser that talks to this app (in memory) and to the provider (over HTTP); from the client address
    /// <paramref name="from"/> when given (TestServer has none of its own).
    /// </summary>
    public Browser NewBrowser(IPAddress? from = null) =>
        new(from is null ? Server.CreateHandler() : Server.CreateHandler(c => c.Connection.RemoteIpAddress = from), Idp.Issuer);
}
