using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace TenantSite.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;key&gt;</c> on the API's endpoints: one call of
/// <c>tenantsite_authenticate_api_key</c> (the key's row by its public prefix and hash; no tenant needed yet), which
/// also records the use. Nothing is cached, so a revoked key is refused by the very next request on every instance.
/// The principal names the key, its organization and its role; whether that organization is the request's is the
/// membership check's call (another one's gets the same 404 as a non-member).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, NpgsqlDataSource database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    private const string Sql = "SELECT key_id, organization_id, role, name FROM tenantsite_authenticate_api_key($1, $2)";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (PresentedKey(Request) is not { } presented) return AuthenticateResult.NoResult();
        if (!ApiKeySecret.TryParse(presented, out var prefix)) return AuthenticateResult.Fail("The API key is malformed.");

        await using var command = database.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = ApiKeySecret.Hash(presented) });
        await using var reader = await command.ExecuteReaderAsync(Context.RequestAborted);
        if (!await reader.ReadAsync(Context.RequestAborted))
            return AuthenticateResult.Fail("The API key is unknown or revoked.");

        var identity = new ClaimsIdentity(
        [
            new Claim(TenantSiteClaims.ApiKeyId, reader.GetGuid(0).ToString("D")),
            new Claim(TenantSiteClaims.ApiKeyOrganizationId, reader.GetGuid(1).ToString("D")),
            new Claim(TenantSiteClaims.ApiKeyRole, reader.GetString(2)),
            new Claim(ClaimTypes.Name, reader.GetString(3)),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The bearer token of the request, or null when it sends none.</summary>
    public static string? PresentedKey(HttpRequest request) =>
        request.Headers.Authorization is [{ } value] && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? value["Bearer ".Length..].Trim()
            : null;

}

/// <summary>Registers the API key scheme and runs it where it applies.</summary>
public static class ApiKeyAuthentication
{
    public static AuthenticationBuilder AddApiKeys(this AuthenticationBuilder authentication) =>
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, _ => { });

    /// <summary>
    /// On an API endpoint whose request sends a bearer token, the key alone decides who the request is: its result
    /// replaces whatever the default scheme (the cookie) found, so a request never acts for a user and a key at once, and
    /// a bad key is a 401 even next to a valid session.
    /// </summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ApiEndpoint.Is(context) && ApiKeyAuthenticationHandler.PresentedKey(context.Request) is not null)
        {
            var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            var feature = context.Features.Get<IAuthenticateResultFeature>();
            if (feature is not null) feature.AuthenticateResult = result;
            context.User = result.Principal ?? new ClaimsPrincipal(new ClaimsIdentity());
            if (result.Failure is { } failure) context.Features.Set(new ApiKeyFailure(failure.Message));
        }
        await next(context);
    });
}

/// <summary>Why a presented key was refused, for the 401's <c>WWW-Authenticate</c> and problem details.</summary>
public sealed record ApiKeyFailure(string Message);
