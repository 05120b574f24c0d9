using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Rate-limits key refreshes forced by unknown <c>kid</c>s: at most one per refresh interval. Callers
/// inside the interval share the last refresh instead of starting one, so a flood of forged tokens
/// costs the provider at most one extra JWKS fetch per interval.
/// </summary>
internal sealed class OidcKeyRefreshGate
{
    private readonly Lock _lock = new();
    private Task<OpenIdConnectConfiguration?>? _lastRefresh;
    private DateTimeOffset _lastStarted;

    public Task<OpenIdConnectConfiguration?> RefreshAsync(
        Func<Task<OpenIdConnectConfiguration?>> refresh, TimeSpan interval, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_lastRefresh is not null && now < _lastStarted + interval)
            {
                return _lastRefresh;
            }

            _lastStarted = now;
            _lastRefresh = refresh();
            return _lastRefresh;
        }
    }
}
