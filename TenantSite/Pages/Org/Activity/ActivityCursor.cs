using System.Buffers.Binary;
using System.Buffers.Text;

namespace TenantSite.Pages.Org.Activity;

/// <summary>
/// Where a page of activity ends: the (occurred_at, id) of its last event, the keyset the next page continues below.
/// Opaque to the client (base64url of the time in microseconds, PostgreSQL's precision, and the id), so a link says
/// nothing about the database and a tampered one either still decodes to a position or is refused.
/// </summary>
public readonly record struct ActivityCursor(DateTimeOffset OccurredAt, Guid Id)
{
    private const int Length = sizeof(long) + 16;

    /// <summary>The cursor as a query value.</summary>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, (OccurredAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        Id.TryWriteBytes(bytes[sizeof(long)..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Reads <paramref name="value"/>; false when it is not a cursor this page wrote.</summary>
    public static bool TryDecode(string value, out ActivityCursor cursor)
    {
        cursor = default;
        // IsValid first: TryDecodeFromChars throws on a character outside base64url instead of answering false.
        if (value.Length != 32 || !Base64Url.IsValid(value, out var decodedLength) || decodedLength != Length) return false;
        Span<byte> bytes = stackalloc byte[Length];
        if (!Base64Url.TryDecodeFromChars(value, bytes, out var written) || written != Length) return false;
        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes);
        // Within DateTimeOffset's range (and so PostgreSQL's timestamptz's, which is wider).
        if (micros < -62_135_596_800_000_000 || micros > 253_402_300_799_999_999) return false;
        cursor = new ActivityCursor(DateTimeOffset.UnixEpoch.AddTicks(micros * 10), new Guid(bytes[sizeof(long)..], bigEndian: true));
        return true;
    }
}
