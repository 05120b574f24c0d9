namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>
/// The app against a dev-idp of its own, with <paramref name="idpSettings"/> (DEV_IDP_*) that the shared provider does
/// not have: the provider starts before the app and stops after it.
/// </summary>
public abstract class OwnIdpAppFactory(PostgresServer postgres, IReadOnlyDictionary<string, string> idpSettings, params HostPart[] parts)
    : TenantSiteFactory(postgres, [new ProviderSignIn(new DevIdp(idpSettings), owns: true), .. parts]);
