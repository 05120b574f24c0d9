using System.Buffers.Text;
using System.Globalization;

namespace TenantSite.Api;

/// <summary>
/// Checks the query parameters of the API's lists, collecting every problem by parameter so that one 400 lists them
/// all. What a body says is the commands' to judge (Org/); the JSON reader refuses unknown and mistyped fields.
/// </summary>
public sealed class ApiInput
{
    /// <summary>The page size when the client names none, and the most it may ask for.</summary>
    public const int DefaultLimit = 50, MaxLimit = 100;

    private readonly Dictionary<string, string[]> _errors = [];

    /// <summary>The problems found, by field; empty when the input is valid.</summary>
    public IDictionary<string, string[]> Errors => _errors;

    public bool IsValid => _errors.Count == 0;

    /// <summary>The <c>limit</c> query parameter: a whole number from 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit(string? value)
    {
        if (value is null) return DefaultLimit;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxLimit) return limit;
        Add("limit", $"Use a whole number from 1 to {MaxLimit}.");
        return DefaultLimit;
    }

    /// <summary>The <c>cursor</c> query parameter, as a previous page's <c>nextCursor</c> gave it.</summary>
    public Guid? Cursor(string? value)
    {
        if (value is null) return null;
        Span<byte> bytes = stackalloc byte[16];
        // Checked first: decoding a string of the right length but with other characters throws instead of failing.
        if (value.Length == 22 && Base64Url.IsValid(value, out var length) && length == 16 &&
            Base64Url.TryDecodeFromChars(value, bytes, out var written) && written == 16)
            return new Guid(bytes);
        Add("cursor", "Use the nextCursor of a previous page, unchanged.");
        return null;
    }

    /// <summary>An optional true/false query parameter.</summary>
    public bool? Flag(string? value, string field)
    {
        if (value is null) return null;
        if (bool.TryParse(value, out var flag)) return flag;
        Add(field, "Use true or false.");
        return null;
    }

    /// <summary>Records a problem with <paramref name="field"/>.</summary>
    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    /// <summary>The cursor that continues after <paramref name="last"/>.</summary>
    public static string CursorAfter(Guid last) => Base64Url.EncodeToString(last.ToByteArray());
}
