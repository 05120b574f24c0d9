using System.Buffers;
using System.Globalization;
using System.Text;

namespace TenantSite.Security;

/// <summary>
/// Checks <c>application/x-www-form-urlencoded</c> text — a form body or a query string — as it arrived. The
/// framework's decoders hide what was sent: the form reader turns bytes that are not UTF-8 into U+FFFD and throws on
/// <c>%00</c>, the query parser leaves invalid escapes as they were. Lone surrogates cannot be sent any other way than
/// as invalid UTF-8, so they are refused here too.
/// </summary>
public static class UrlEncodedInput
{
    private const int ShownNameLength = 40;

    /// <summary>
    /// What is wrong with <paramref name="raw"/>, in words for the sender, or null when every name and value is
    /// well-formed UTF-8 without control characters. <paramref name="allowsLineBreaks"/> names the fields that may hold
    /// tab, CR and LF (multi-line text); no other control character is allowed anywhere.
    /// </summary>
    /// <param name="raw">The encoded text, e.g. <c>Name=Acme&amp;Slug=acme</c> (a leading <c>?</c> is skipped).</param>
    /// <param name="place">What the names are, for the message: "form field" or "query parameter".</param>
    /// <param name="allowsLineBreaks">Whether the field of this (decoded) name is multi-line text.</param>
    public static string? FindProblem(ReadOnlySpan<byte> raw, string place, Func<string, bool> allowsLineBreaks)
    {
        if (raw.StartsWith("?"u8)) raw = raw[1..];
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(raw.Length, 1));
        try
        {
            foreach (var range in raw.Split((byte)'&'))
            {
                var pair = raw[range];
                var equals = pair.IndexOf((byte)'=');
                var encodedName = equals < 0 ? pair : pair[..equals];
                var encodedValue = equals < 0 ? [] : pair[(equals + 1)..];

                if (!TryDecode(encodedName, buffer, out var length))
                    return $"A {place} name is malformed: every “%” must be followed by two hexadecimal digits.";
                if (Inspect(buffer.AsSpan(0, length), allowLineBreaks: false) is { } nameProblem)
                    return $"A {place} name {nameProblem}";
                var name = Encoding.UTF8.GetString(buffer, 0, length);

                if (!TryDecode(encodedValue, buffer, out length))
                    return $"The {place} “{Shown(name)}” is malformed: every “%” must be followed by two hexadecimal digits.";
                if (Inspect(buffer.AsSpan(0, length), allowsLineBreaks(name)) is { } valueProblem)
                    return $"The {place} “{Shown(name)}” {valueProblem}";
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><see cref="FindProblem(ReadOnlySpan{byte}, string, Func{string, bool})"/> for a query string.</summary>
    public static string? FindProblem(string raw, string place, Func<string, bool> allowsLineBreaks) =>
        // A query string arrives as ASCII; anything else in it is encoded as the UTF-8 it would have been sent as.
        FindProblem(Encoding.UTF8.GetBytes(raw), place, allowsLineBreaks);

    // '+' is a space; %XX is a byte; everything else stands for itself.
    private static bool TryDecode(ReadOnlySpan<byte> encoded, byte[] into, out int length)
    {
        length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '%')
            {
                if (i + 2 >= encoded.Length || !IsHex(encoded[i + 1]) || !IsHex(encoded[i + 2])) return false;
                b = (byte)(HexValue(encoded[i + 1]) << 4 | HexValue(encoded[i + 2]));
                i += 2;
            }
            else if (b == '+')
            {
                b = (byte)' ';
            }
            into[length++] = b;
        }
        return true;
    }

    // The end of a sentence that starts with the field's name, or null when the text is clean.
    private static string? Inspect(ReadOnlySpan<byte> utf8, bool allowLineBreaks)
    {
        while (!utf8.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) != OperationStatus.Done)
                return "is not valid UTF-8 text (it may hold a lone surrogate or bytes of another encoding).";
            if (Rune.IsControl(rune) && !(allowLineBreaks && rune.Value is '\t' or '\r' or '\n'))
                return $"contains a control character (U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)}), which is not allowed.";
            utf8 = utf8[consumed..];
        }
        return null;
    }

    private static string Shown(string name) => name.Length <= ShownNameLength ? name : name[..ShownNameLength] + "…";

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
