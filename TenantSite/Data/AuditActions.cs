namespace TenantSite.Data;

/// <summary>
/// The actions the audit triggers record (migration AuditEvents, in SQL: keep the two in step) and the kinds the
/// Activity page filters by. An action is <c>noun.verb</c>; a kind is one noun.
/// </summary>
public static class AuditActions
{
    /// <summary>Each kind (the filter's value) with its label and the action prefix (noun) it covers.</summary>
    public static readonly IReadOnlyList<AuditKind> Kinds =
    [
        new("projects", "Projects", "project."),
        new("tasks", "Tasks", "task."),
        new("members", "Members", "member."),
        new("invitations", "Invitations", "invitation."),
        new("settings", "Settings", "organization."),
        new("billing", "Billing", "plan."),
        new("api-keys", "API keys", "api_key."),
    ];

    /// <summary>The kind named <paramref name="value"/>, or null.</summary>
    public static AuditKind? Kind(string value) => Kinds.FirstOrDefault(k => k.Value == value);
}

/// <summary>A group of actions to filter by.</summary>
public sealed record AuditKind(string Value, string Label, string Prefix);
