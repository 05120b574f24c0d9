using System.Globalization;
using Microsoft.Net.Http.Headers;
using TenantSite.Org;

namespace TenantSite.Api;

/// <summary>
/// Entity tags from a row's <c>Version</c> (PostgreSQL's <c>xmin</c>, which every write changes), and the
/// <c>If-Match</c> precondition: a client that sends the tag it last saw gets 412 instead of overwriting a change it
/// has not seen. Without <c>If-Match</c> a write applies unconditionally.
/// </summary>
public static class ETags
{
    /// <summary>The strong entity tag of <paramref name="version"/>.</summary>
    public static string Of(uint version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Reads <c>If-Match</c>: any version (absent, or <c>*</c> on a row that exists), or one of the versions it names;
    /// null when the header is malformed. A tag this API cannot have issued (weak, or not a version) matches no row
    /// (RFC 9110 compares If-Match strongly).
    /// </summary>
    public static IfVersion? IfMatch(HttpRequest request)
    {
        if (request.Headers.IfMatch.Count == 0) return IfVersion.Any;
        if (!EntityTagHeaderValue.TryParseStrictList(request.Headers.IfMatch, out var tags) || tags.Count == 0) return null;
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any))) return IfVersion.Any;
        var versions = new List<uint>();
        foreach (var tag in tags)
        {
            if (!tag.IsWeak && uint.TryParse(tag.Tag.AsSpan(1, tag.Tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                versions.Add(version);
        }
        return IfVersion.OneOf(versions);
    }
}
