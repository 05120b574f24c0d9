namespace TenantSite.Auth.Oidc;

/// <summary>The parts of a successful token endpoint response the relying party uses.</summary>
internal sealed record OidcTokenResponse(string IdToken, string? AccessToken);
