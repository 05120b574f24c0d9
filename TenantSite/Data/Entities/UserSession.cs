using System.Net;

namespace TenantSite.Data.Entities;

/// <summary>
/// One browser's sign-in on one host, owned by the app: its cookie is valid only while this row is not ended. A sign-in
/// makes the family's first row (<see cref="FamilyId"/> = <see cref="Id"/>); each host it is handed to adds a child.
/// Ending the family (sign-out, revocation, back-channel logout) ends every host's session at once.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; init; }
    public Guid FamilyId { get; init; }
    public Guid UserId { get; init; }

    /// <summary>The host the cookie was issued on (lower case, with its port).</summary>
    public required string Host { get; init; }
    public string? UserAgent { get; init; }
    public IPAddress? ClientAddress { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>The provider's issuer and session id (<c>sid</c>, when it sent one), for back-channel logout.</summary>
    public string? ProviderIssuer { get; init; }
    public string? ProviderSid { get; init; }

    /// <summary>The sign-in's id_token, data-protected: only the <c>id_token_hint</c> of the provider sign-out reads it.</summary>
    public string? IdTokenHint { get; init; }
}
