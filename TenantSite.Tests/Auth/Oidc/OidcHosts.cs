using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth.Oidc;

/// <summary>
/// The test provider and app of one test class, shared by its tests (they run one after another): each test gets the
/// provider back with default settings and changes what it needs. A test that changes the app's configuration or
/// handler options, what discovery publishes, or that stops the provider gets a host of its own.
/// </summary>
public sealed class OidcHosts(PostgresServer postgres) : IAsyncLifetime
{
    private OidcTestHost? _shared;

    /// <summary>
    /// A host for one test: the class's shared one when it can be (<paramref name="own"/> false, no
    /// <paramref name="configure"/> or <paramref name="settings"/>, the same discovery), else a new one.
    /// </summary>
    public async Task<OidcTestHost> StartAsync(Action<OpenIdConnectOptions>? configure = null, Action<TestProviderSettings>? provider = null,
        IDictionary<string, string?>? settings = null, bool own = false)
    {
        var wanted = new TestProviderSettings();
        provider?.Invoke(wanted);
        if (own || configure is not null || settings is not null || !wanted.PublishesTheSameAs(new TestProviderSettings()))
            return await OidcTestHost.StartAsync(postgres, configure, provider, settings);
        _shared ??= await OidcTestHost.StartAsync(postgres);
        _shared.Provider.Reset(wanted);
        return _shared.AsShared();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.App.DisposeAsync();
            await _shared.Provider.DisposeAsync();
        }
    }
}
