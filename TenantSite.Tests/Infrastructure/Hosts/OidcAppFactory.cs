namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app with its real sign-in: OpenID Connect against the run's tools/dev-idp and the auth cookie.</summary>
public sealed class OidcAppFactory(PostgresServer postgres, DevIdp idp) : TenantSiteFactory(postgres, new ProviderSignIn(idp));
