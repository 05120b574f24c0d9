using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace TenantSite.Auth;

/// <summary>
/// The shape of an API key: <c>ts_</c>, a 12-character public prefix (lower-case base32, 60 random bits) that finds the
/// key's row, an underscore, and the secret (256 random bits, base64url). Only the SHA-256 of the whole key is stored.
/// </summary>
public static class ApiKeySecret
{
    /// <summary>What every key starts with, so that a leaked key is easy to recognize (and to scan for).</summary>
    public const string Scheme = "ts_";

    private const int PrefixRandomLength = 12;
    private const int SecretBytes = 32;
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The length of <see cref="ApiKey.Prefix"/>: <c>ts_</c> and 12 characters.</summary>
    public const int PrefixLength = 3 + PrefixRandomLength;

    // "ts_" + 12 + "_" + base64url of 32 bytes without padding (43).
    private const int KeyLength = PrefixLength + 1 + 43;

    /// <summary>A new key: the full text (shown once), its public prefix and its hash (stored).</summary>
    public static (string Key, string Prefix, byte[] Hash) Create()
    {
        var prefix = Scheme + RandomNumberGenerator.GetString(PrefixAlphabet, PrefixRandomLength);
        var key = prefix + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        return (key, prefix, Hash(key));
    }

    /// <summary>
    /// True when <paramref name="presented"/> has a key's shape, with its prefix. Checked before any lookup, so that
    /// garbage never reaches the database.
    /// </summary>
    public static bool TryParse(string? presented, [NotNullWhen(true)] out string? prefix)
    {
        prefix = null;
        if (presented is not { Length: KeyLength } || !presented.StartsWith(Scheme, StringComparison.Ordinal) ||
            presented[PrefixLength] != '_')
            return false;
        for (var i = Scheme.Length; i < PrefixLength; i++)
            if (!PrefixAlphabet.Contains(presented[i], StringComparison.Ordinal)) return false;
        for (var i = PrefixLength + 1; i < KeyLength; i++)
            if (!char.IsAsciiLetterOrDigit(presented[i]) && presented[i] is not ('-' or '_')) return false;
        prefix = presented[..PrefixLength];
        return true;
    }

    /// <summary>The stored form of a key.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.ASCII.GetBytes(key));
}
