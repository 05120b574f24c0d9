using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;

namespace TenantSite.Auth;

/// <summary>
/// The session records behind the cookies (<see cref="UserSession"/>): started at sign-in, handed to other hosts,
/// listed on the Sessions page. A session is ended by its family's revocation (<see cref="SessionRevocations"/>),
/// never here.
/// </summary>
public sealed class UserSessions(AppDbContext db, IDataProtectionProvider protection)
{
    /// <summary>How long a handoff code may wait to be redeemed: one redirect's time, with room for a slow network.</summary>
    public static readonly TimeSpan HandoffLifetime = TimeSpan.FromSeconds(60);

    private readonly IDataProtector _hints = protection.CreateProtector("TenantSite.Auth.IdTokenHint");

    /// <summary>
    /// Starts the sign-in's session for the user the provider just vouched for (<see cref="DataScope.UserId"/>), and
    /// puts its ids on <paramref name="identity"/>.
    /// </summary>
    public async Task StartAsync(ClaimsIdentity identity, HttpContext http, string? idToken, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        // The callback is answered inside authentication, before the data-scope step records the address.
        db.Scope.SetClientAddress(http.Connection.RemoteIpAddress);
        db.UserSessions.Add(new UserSession
        {
            Id = id,
            FamilyId = id,
            UserId = db.Scope.UserId ?? throw new InvalidOperationException("A session starts for a provisioned user."),
            Host = http.Request.Host.Value!.ToLowerInvariant(),
            UserAgent = UserAgentOf(http),
            ClientAddress = db.Scope.ClientAddress,
            ProviderIssuer = identity.FindFirst("iss")?.Value,
            ProviderSid = identity.FindFirst("sid")?.Value,
            IdTokenHint = idToken is null ? null : _hints.Protect(idToken),
        });
        await db.SaveChangesAsync(cancellationToken);
        identity.AddClaim(new Claim(TenantSiteClaims.Session, id.ToString()));
        identity.AddClaim(new Claim(TenantSiteClaims.SessionFamily, id.ToString()));
    }

    /// <summary>The id_token of the signed-in user's sign-in <paramref name="family"/>, for the provider's sign-out.</summary>
    public async Task<string?> IdTokenHintAsync(Guid family, CancellationToken cancellationToken)
    {
        var stored = await db.UserSessions.Where(s => s.Id == family).Select(s => s.IdTokenHint).SingleOrDefaultAsync(cancellationToken);
        try
        {
            return stored is null ? null : _hints.Unprotect(stored);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // a key ring that lost the key: sign out without the hint
        }
    }

    /// <summary>The signed-in user's sign-ins that have not ended, each with the hosts it reached, most recent first.</summary>
    public async Task<IReadOnlyList<SignInSession>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await db.UserSessions.AsNoTracking().Where(s => s.EndedAt == null)
            .Select(s => new { s.FamilyId, s.Id, s.Host, s.UserAgent, s.ClientAddress, s.CreatedAt, s.LastSeenAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.FamilyId)
            .Where(g => g.Any(r => r.Id == g.Key)) // a family whose first row is gone has ended
            .Select(g =>
            {
                var first = g.Single(r => r.Id == g.Key);
                return new SignInSession(g.Key, first.UserAgent, first.ClientAddress, first.CreatedAt,
                    g.Max(r => r.LastSeenAt), g.OrderBy(r => r.CreatedAt).Select(r => r.Host).Distinct().ToList());
            })
            .OrderByDescending(s => s.LastSeenAt)
            .ToList();
    }

    /// <summary>A one-time code for <paramref name="targetHost"/>, bound to the browser by <paramref name="bindingHash"/>; null when the family has ended.</summary>
    public async Task<string?> CreateHandoffAsync(Guid family, string targetHost, string returnUrl, byte[] bindingHash,
        CancellationToken cancellationToken)
    {
        var code = SessionHandoff.NewSecret();
        var created = await db.Database.SqlQuery<bool>($"""
                SELECT tenantsite_create_session_handoff({SessionHandoff.Hash(code)}, {family}, {targetHost}, {returnUrl},
                    {bindingHash}, {HandoffLifetime}) AS "Value"
                """).SingleAsync(cancellationToken);
        return created ? code : null;
    }

    /// <summary>Redeems a handoff code on this host in this browser: the new session, or null (spent, expired, elsewhere, ended).</summary>
    public async Task<RedeemedHandoff?> RedeemHandoffAsync(string code, byte[] bindingHash, HttpContext http,
        CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQuery<RedeemedHandoff>($"""
                SELECT session_id AS "SessionId", family_id AS "FamilyId", user_id AS "UserId", email AS "Email",
                       name AS "Name", return_url AS "ReturnUrl"
                FROM tenantsite_redeem_session_handoff({SessionHandoff.Hash(code)}, {http.Request.Host.Value!.ToLowerInvariant()},
                    {bindingHash}, {UserAgentOf(http)}, {db.Scope.ClientAddress})
                """).ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    private static string? UserAgentOf(HttpContext http) =>
        http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 512)] : null;
}

/// <summary>One sign-in as the Sessions page shows it.</summary>
public sealed record SignInSession(Guid Family, string? UserAgent, IPAddress? ClientAddress, DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt, IReadOnlyList<string> Hosts);

/// <summary>A redeemed handoff: the host's new session and whom it is for.</summary>
public sealed record RedeemedHandoff(Guid SessionId, Guid FamilyId, Guid UserId, string? Email, string? Name, string ReturnUrl);
