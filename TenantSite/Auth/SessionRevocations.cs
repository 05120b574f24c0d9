using Microsoft.Extensions.Caching.Memory;

namespace TenantSite.Auth;

/// <summary>
/// Sign-out ends every host's session. In development no cookie spans localhost and *.localhost, so each host has its
/// own cookie, all carrying the provider session id (<c>sid</c>) of one sign-in; signing out on one host revokes that
/// sid, and the cookie check rejects it on every other host. Kept in memory for as long as a cookie can live: a
/// deployment with several instances needs a shared store here (a documented limitation).
/// </summary>
public sealed class SessionRevocations(IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(15);

    public void Revoke(string sid) => cache.Set(Key(sid), true, Lifetime);

    public bool IsRevoked(string? sid) => sid is not null && cache.TryGetValue(Key(sid), out _);

    private static string Key(string sid) => "revoked-sid:" + sid;
}
