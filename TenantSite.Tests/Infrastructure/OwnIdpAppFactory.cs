namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// The app against a dev-idp of its own, with <paramref name="idpSettings"/> (DEV_IDP_*) that the shared provider does
/// not have: the provider starts before the app and stops after it.
/// </summary>
public abstract class OwnIdpAppFactory(PostgresServer postgres, IReadOnlyDictionary<string, string> idpSettings)
    : OidcAppFactory(postgres, new DevIdp(idpSettings))
{
    public override async ValueTask InitializeAsync()
    {
        await Idp.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Idp.DisposeAsync();
    }
}
