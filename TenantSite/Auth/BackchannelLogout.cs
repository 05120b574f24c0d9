using System.Text.Json;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TenantSite.Auth;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0: the provider POSTs a signed <c>logout_token</c> when a user signs out there
/// (or an administrator ends their session), and every sign-in it names ends on every host and instance. The token is
/// checked as the spec says (§2.6): signature with the provider's keys, <c>iss</c>, <c>aud</c>, <c>iat</c>, <c>exp</c>,
/// the back-channel <c>events</c> member, no <c>nonce</c>, a <c>sid</c> and/or <c>sub</c>, and a <c>jti</c> never seen
/// before.
/// </summary>
public static partial class BackchannelLogout
{
    /// <summary>The URI to register with the provider, on the root domain.</summary>
    public const string Path = "/backchannel-logout";

    private const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    // How far iat may lie from our clock: the spec asks for a recent token, and clocks drift.
    private static readonly TimeSpan IssuedAtTolerance = TimeSpan.FromMinutes(5);

    // Asymmetric only, as for id_tokens (OidcSignIn).
    private static readonly string[] SigningAlgorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    public static async Task<IResult> Handle(HttpContext http, IOptionsMonitor<OpenIdConnectOptions> oidc,
        SessionRevocations revocations, AppDbContext db, ILoggerFactory logs)
    {
        var logger = logs.CreateLogger(typeof(BackchannelLogout));
        http.Response.Headers.CacheControl = "no-store";
        if (!http.Request.HasFormContentType) return Refuse(logger, "not a form");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form["logout_token"] is not [{ Length: > 0 and < 16_384 } token]) return Refuse(logger, "no logout_token");

        var options = oidc.Get(OidcSignIn.Scheme);
        if (options.ConfigurationManager is null) return Results.NotFound();
        var configuration = await options.ConfigurationManager.GetConfigurationAsync(http.RequestAborted);
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = SigningAlgorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // typ is only recommended (logout+jwt); the events claim below is what no id_token carries.
        });
        if (!validated.IsValid || validated.SecurityToken is not JsonWebToken jwt)
            return Refuse(logger, validated.Exception?.GetType().Name ?? "invalid");
        if (jwt.TryGetPayloadValue<object>("nonce", out _)) return Refuse(logger, "nonce present");
        if (!jwt.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object ||
            !events.TryGetProperty(LogoutEvent, out var logoutEvent) || logoutEvent.ValueKind != JsonValueKind.Object)
            return Refuse(logger, "no back-channel logout event");
        if (!jwt.TryGetPayloadValue<long>("iat", out var iat) ||
            (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(iat)).Duration() > IssuedAtTolerance)
            return Refuse(logger, "iat missing or not recent");
        var sid = jwt.TryGetPayloadValue<string>("sid", out var s) && s.Length > 0 ? s : null;
        var sub = jwt.TryGetPayloadValue<string>("sub", out var u) && u.Length > 0 ? u : null;
        if (sid is null && sub is null) return Refuse(logger, "neither sid nor sub");
        if (jwt.Id is not { Length: > 0 and <= 256 } jti) return Refuse(logger, "no jti");

        var ended = await db.Database.SqlQuery<Guid[]?>($"""
                SELECT tenantsite_end_provider_sessions({jwt.Issuer}, {sub}, {sid}, {jti}, {jwt.ValidTo.ToUniversalTime()},
                    {revocations.Keep}) AS "Value"
                """).SingleAsync(http.RequestAborted);
        if (ended is null) return Refuse(logger, "replayed");
        // The database has the revocations for every instance already; this one needs not wait for its poll.
        foreach (var family in ended) revocations.Remember(family.ToString());
        LogEnded(logger, ended.Length);
        return Results.Ok();
    }

    // 400 with the spec's error body; the reason goes to the log only.
    private static IResult Refuse(ILogger logger, string reason)
    {
        LogRefused(logger, reason);
        return Results.BadRequest(new { error = "invalid_request" });
    }

    [LoggerMessage(LogLevel.Warning, "Refused a back-channel logout: {Reason}.")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "A back-channel logout ended {Count} sign-in(s).")]
    private static partial void LogEnded(ILogger logger, int count);
}
