namespace TenantSite.Data.Entities;

/// <summary>A back-channel logout token already acted on (its issuer and <c>jti</c>), kept until it expires: a replay is refused.</summary>
public sealed class LogoutTokenUse
{
    public required string Issuer { get; init; }
    public required string Jti { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}
