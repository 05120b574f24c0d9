namespace TenantSite.Pages.Org.Activity;

/// <summary>
/// Whose and which changes to show. <c>person</c> is a member's users.id, <c>keys</c> (any API key) or
/// <c>key:{id}</c> (one key); <c>kind</c> is one of <see cref="AuditActions.Kinds"/>. Empty means all.
/// </summary>
public sealed record ActivityFilter(Guid? UserId, Guid? KeyId, bool AnyKey, AuditKind? Kind)
{
    public const string AnyKeyValue = "keys";
    public const string KeyPrefix = "key:";

    /// <summary>Reads the query's values; null with a message for the person who sent them when one is not valid.</summary>
    public static ActivityFilter? Parse(string? person, string? kind, out string? error)
    {
        error = null;
        AuditKind? auditKind = null;
        if (!string.IsNullOrEmpty(kind) && (auditKind = AuditActions.Kind(kind)) is null)
        {
            error = "There is no such kind of activity. Choose one of: " +
                string.Join(", ", AuditActions.Kinds.Select(k => k.Value)) + ".";
            return null;
        }
        if (string.IsNullOrEmpty(person)) return new ActivityFilter(null, null, false, auditKind);
        if (person == AnyKeyValue) return new ActivityFilter(null, null, true, auditKind);
        if (person.StartsWith(KeyPrefix, StringComparison.Ordinal) && Guid.TryParse(person.AsSpan(KeyPrefix.Length), out var key))
            return new ActivityFilter(null, key, false, auditKind);
        if (Guid.TryParse(person, out var user)) return new ActivityFilter(user, null, false, auditKind);
        error = "Choose whose activity to show from the list: a member, “API keys” or one key.";
        return null;
    }
}
