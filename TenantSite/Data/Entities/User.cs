namespace TenantSite.Data.Entities;

/// <summary>A person, keyed by the identity provider's (issuer, subject) — never by email.</summary>
public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Issuer { get; init; }
    public required string Subject { get; init; }
    public string? Email { get; set; }

    /// <summary>
    /// False when the provider said <c>email_verified: false</c> at the sign-in that stored <see cref="Email"/> (or the
    /// row predates the column): such an address never matches an invitation.
    /// </summary>
    public bool EmailVerified { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What the UI shows for this user.</summary>
    public string DisplayName => Name ?? Email ?? Subject;
}
