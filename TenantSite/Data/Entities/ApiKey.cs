namespace TenantSite.Data.Entities;

/// <summary>
/// An organization's key for its JSON API (<c>Api/</c>), with the permissions of a member or a viewer. Only a hash of the
/// secret is stored (<see cref="SecretHash"/>); the full key is shown once, when it is created. The public
/// <see cref="Prefix"/> finds the row and tells keys apart on the settings page. Revoked keys stay, for the record.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    /// <summary>The roles a key may have: an API client never manages members, settings or billing.</summary>
    public static readonly string[] Roles = [Entities.Roles.Member, Entities.Roles.Viewer];

    public Guid OrganizationId { get; set; }
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Role { get; set; }

    /// <summary>The key's public part (<c>ts_</c> and 12 characters), unique across organizations.</summary>
    public required string Prefix { get; init; }

    /// <summary>SHA-256 of the whole key: a key is 256 random bits, so a fast hash cannot be reversed by guessing.</summary>
    public required byte[] SecretHash { get; init; }

    /// <summary>users.id of whoever created it; null once that user is gone.</summary>
    public Guid? CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key last authenticated a request, to the minute (written at most once a minute).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
    public User? Creator { get; set; }
}
