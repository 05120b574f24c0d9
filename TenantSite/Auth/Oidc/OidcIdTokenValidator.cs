using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TenantSite.Auth.Oidc;

/// <summary>
/// Validates an id_token from the token endpoint (OIDC Core §3.1.3.7): signature with the provider's
/// published keys, iss, aud, azp, exp/nbf/iat, nonce, and at_hash when present. An unknown <c>kid</c>
/// triggers one rate-limited key refresh and one retry, which is how key rotation is picked up.
/// </summary>
internal sealed class OidcIdTokenValidator(OidcOptions options, TimeProvider time, ILogger logger)
{
    // Claims come out under their JWT names (MapInboundClaims is off on JsonWebTokenHandler).
    private static readonly JsonWebTokenHandler TokenHandler = new();

    public async Task<JsonWebToken> ValidateAsync(
        OpenIdConnectConfiguration configuration, OidcTokenResponse tokens, string expectedNonce)
    {
        var result = await TokenHandler.ValidateTokenAsync(tokens.IdToken, CreateParameters(configuration));
        if (!result.IsValid && IsSigningKeyUnknown(result, tokens.IdToken, configuration))
        {
            logger.RefreshingSigningKeys(options.RefreshInterval);
            var refreshed = await options.KeyRefreshGate.RefreshAsync(
                () => RefreshConfigurationAsync(configuration), options.RefreshInterval, time.GetUtcNow());
            if (refreshed is not null && !ReferenceEquals(refreshed, configuration))
            {
                result = await TokenHandler.ValidateTokenAsync(tokens.IdToken, CreateParameters(refreshed));
            }
        }

        if (!result.IsValid)
        {
            // Wilson's messages hide PII and token contents by default; only the exception type is surfaced.
            throw new OidcException(OidcErrors.InvalidToken,
                $"The id_token failed validation ({result.Exception?.GetType().Name ?? "unknown reason"}).", result.Exception);
        }

        var idToken = (JsonWebToken)result.SecurityToken;
        ValidateProtocolClaims(idToken, tokens.AccessToken, expectedNonce);
        return idToken;
    }

    private TokenValidationParameters CreateParameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = configuration.Issuer,
        ValidAudience = options.ClientId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = options.ValidSigningAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        RequireAudience = true,
        ValidateLifetime = true,
        ClockSkew = options.ClockSkew,
        NameClaimType = OidcClaims.NameType,
        RoleClaimType = OidcClaims.RoleType,
    };

    private static bool IsSigningKeyUnknown(TokenValidationResult result, string idToken, OpenIdConnectConfiguration configuration)
    {
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            return true;
        }
        if (!TokenHandler.CanReadToken(idToken))
        {
            return false;
        }
        var kid = TokenHandler.ReadJsonWebToken(idToken).Kid;
        return !string.IsNullOrEmpty(kid) && !configuration.SigningKeys.Any(key => key.KeyId == kid);
    }

    // IdentityModel 8 refreshes in the background: RequestRefresh() returns at once and the next
    // GetConfigurationAsync still answers the old keys. Wait (bounded) for the new configuration so
    // this very sign-in can be retried. Runs outside any one request: its result is shared by the gate.
    private async Task<OpenIdConnectConfiguration?> RefreshConfigurationAsync(OpenIdConnectConfiguration stale)
    {
        var manager = options.ConfigurationManager!;
        manager.RequestRefresh();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Min(10, options.BackchannelTimeout.TotalSeconds)), time);
        try
        {
            while (true)
            {
                var current = await manager.GetConfigurationAsync(timeout.Token);
                if (!ReferenceEquals(current, stale))
                {
                    return current;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private void ValidateProtocolClaims(JsonWebToken idToken, string? accessToken, string expectedNonce)
    {
        if (string.IsNullOrEmpty(idToken.Subject))
        {
            throw Invalid("has no sub");
        }

        // OIDC Core §3.1.3.7 (4, 5): with several audiences azp must name us; if present it must be us.
        var hasAzp = idToken.TryGetPayloadValue<string>("azp", out var azp);
        if (!hasAzp && idToken.Audiences.Count() > 1)
        {
            throw Invalid("has several audiences and no azp");
        }
        if (hasAzp && azp != options.ClientId)
        {
            throw Invalid("was issued to another party (azp)");
        }

        if (!idToken.TryGetPayloadValue<long>("iat", out var iat))
        {
            throw Invalid("has no iat");
        }
        if (DateTimeOffset.FromUnixTimeSeconds(iat) > time.GetUtcNow() + options.ClockSkew)
        {
            throw Invalid("was issued in the future");
        }

        // The nonce binds the token to this challenge: it was generated for it and kept in its protected state.
        if (!idToken.TryGetPayloadValue<string>("nonce", out var nonce) ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expectedNonce)))
        {
            throw Invalid("has a nonce that does not match this sign-in");
        }

        if (accessToken is not null && idToken.TryGetPayloadValue<string>("at_hash", out var atHash) &&
            atHash != ComputeAtHash(accessToken, idToken.Alg))
        {
            throw Invalid("has an at_hash that does not match the access token");
        }
    }

    // OIDC Core §3.1.3.6: base64url of the left half of the hash (SHA-2 size taken from alg) of the access token.
    private static string? ComputeAtHash(string accessToken, string alg)
    {
        var bytes = Encoding.ASCII.GetBytes(accessToken);
        byte[]? hash = alg[^3..] switch
        {
            "256" => SHA256.HashData(bytes),
            "384" => SHA384.HashData(bytes),
            "512" => SHA512.HashData(bytes),
            _ => null,
        };
        return hash is null ? null : Base64UrlTextEncoder.Encode(hash[..(hash.Length / 2)]);
    }

    private static OidcException Invalid(string reason) => new(OidcErrors.InvalidToken, $"The id_token {reason}.");
}
