using System.Text.RegularExpressions;

namespace TenantSite.Observability;

/// <summary>
/// The credentials a request can carry in its path or query, found in any text and replaced by a placeholder before it
/// is logged or traced: an invitation link's token (<c>/join/{slug}/{token}</c>, Pages/Join; also URL-encoded, as in a
/// sign-in's <c>returnUrl</c>), and an API key's secret part (<c>ts_{prefix}_{secret}</c>, Auth/ApiKeySecret), wherever a
/// client put the key. The key's prefix is public (shown on the settings page, recorded in the audit log) and stays.
/// </summary>
public static partial class SecretText
{
    /// <summary>What a redacted invitation token reads as.</summary>
    public const string TokenPlaceholder = "{token}";

    /// <summary>What a redacted API key's secret reads as, after its prefix.</summary>
    public const string KeySecretPlaceholder = "{secret}";

    /// <summary>
    /// A cheap first look: false when <paramref name="text"/> cannot hold a credential, so that most log values and
    /// paths never meet the regular expression.
    /// </summary>
    public static bool MayContain(string? text) =>
        text is not null && (text.Contains("join", StringComparison.OrdinalIgnoreCase) || text.Contains("ts_", StringComparison.Ordinal));

    /// <summary><paramref name="text"/> with every credential replaced; the same instance when it holds none.</summary>
    public static string Redact(string text) => MayContain(text) ? Credential().Replace(text, Replacement) : text;

    private static string Replacement(Match match) => match.Groups["link"].Success
        ? match.Groups["link"].Value + TokenPlaceholder
        : match.Groups["key"].Value + "_" + KeySecretPlaceholder;

    // The link's segments end at a separator, a query, a quote or whitespace (how paths sit in log messages).
    [GeneratedRegex("""
        (?<link>(?i:(?:/|%2F)join(?:/|%2F))[^/?#&%\s'"]+(?i:/|%2F))[^/?#&%\s'"]+
        |(?<![A-Za-z0-9])(?<key>ts_[a-z2-7]{12})_[A-Za-z0-9_-]+
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Credential();
}
