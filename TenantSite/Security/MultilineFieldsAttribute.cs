namespace TenantSite.Security;

/// <summary>
/// Names the form fields of a page (or endpoint) that hold multi-line text, so they may contain tab, CR and LF. No
/// field allows any other control character, and names, titles, slugs and emails never need these: every field not
/// named here is refused if it holds one.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class MultilineFieldsAttribute(params string[] fields) : Attribute
{
    /// <summary>The fields' names as posted (case-insensitive).</summary>
    public IReadOnlyList<string> Fields { get; } = fields;

    /// <summary>True when <paramref name="field"/> is one of <see cref="Fields"/>.</summary>
    public bool Allows(string field) => Fields.Contains(field, StringComparer.OrdinalIgnoreCase);
}
