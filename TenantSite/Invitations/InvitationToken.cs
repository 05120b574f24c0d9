using System.Security.Cryptography;
using System.Text;

namespace TenantSite.Invitations;

/// <summary>
/// The secret in an invitation link: 52 random lower-case base32 characters (260 bits). Lower case because links get
/// lower-cased on the way (ASP.NET Core's own lower-case URLs, some mail clients), so the token must survive that; an
/// upper-cased copy is read as the same token. Only its SHA-256 is stored, so the database (or a backup of it) holds
/// nothing that opens an invitation; a fast hash is enough for a random secret.
/// </summary>
public static class InvitationToken
{
    public const int Length = 52;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new token and the hash to store for it.</summary>
    public static (string Token, byte[] Hash) Create()
    {
        var token = RandomNumberGenerator.GetString(Alphabet, Length);
        return (token, Hash(token)!);
    }

    /// <summary>The stored hash of <paramref name="token"/>; null when it cannot be a token (so nothing is looked up).</summary>
    public static byte[]? Hash(string? token)
    {
        if (token is not { Length: Length }) return null;
        token = token.ToLowerInvariant();
        return token.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? SHA256.HashData(Encoding.ASCII.GetBytes(token)) : null;
    }
}
