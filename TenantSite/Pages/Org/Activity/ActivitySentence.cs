namespace TenantSite.Pages.Org.Activity;

/// <summary>An audit event in words: who did it, and what they did, as a sentence without its subject.</summary>
public static class ActivitySentence
{
    /// <summary>
    /// "API key ts_abc…", the member's name at the time, "a former member" (the user is gone: the name stays in the
    /// record, not on the page), or "TenantSite" for a change made outside the app (seeding, an operator).
    /// </summary>
    public static string Who(ActivityEvent e) =>
        e.ApiKeyPrefix is { } prefix ? $"API key {prefix}…"
        : e.ActorUserId is not null ? e.ActorName ?? "a member"
        : e.ActorName is not null ? "a former member"
        : "TenantSite";

    /// <summary>"renamed project “Old” to “New”", and so on for each action of <see cref="AuditActions"/>.</summary>
    public static string What(ActivityEvent e)
    {
        var label = $"“{e.TargetLabel}”";
        var plain = e.TargetLabel ?? "someone";
        var from = Detail(e, "from");
        var to = Detail(e, "to");
        var role = Detail(e, "role");
        return e.Action switch
        {
            "project.created" => $"created project {label}",
            "project.renamed" => $"renamed project “{from}” to “{to}”",
            "project.deleted" => $"deleted project {label}",
            "task.created" => $"created task {label}",
            "task.renamed" => $"renamed task “{from}” to “{to}”",
            "task.completed" => $"completed task {label}",
            "task.reopened" => $"reopened task {label}",
            "task.deleted" => $"deleted task {label}",
            "member.joined" when e.ActorUserId is not null && e.ActorUserId == e.TargetId => $"joined as {role}",
            "member.joined" => $"added {plain} as {role}",
            "member.role_changed" => $"changed the role of {plain} from {from} to {to}",
            "member.removed" => $"removed {plain} ({role})",
            "member.left" => "left the organization",
            "invitation.created" => $"invited {plain} as {role}",
            "invitation.renewed" => $"renewed the invitation of {plain}",
            "invitation.revoked" => $"revoked the invitation of {plain}",
            "invitation.accepted" => $"accepted the invitation for {plain} as {role}",
            "invitation.declined" => $"declined the invitation for {plain}",
            "organization.created" => $"created the organization {label}",
            "organization.renamed" => $"renamed the organization “{from}” to “{to}”",
            "organization.address_changed" => $"changed the URL name from {from} to {to}",
            "plan.changed" => $"changed the plan from {from} to {to}",
            "api_key.created" => $"created API key {label} ({Detail(e, "prefix")}…, {role})",
            "api_key.renamed" => $"renamed API key “{from}” to “{to}”",
            "api_key.revoked" => $"revoked API key {label} ({Detail(e, "prefix")}…)",
            _ => $"{e.Action} {plain}",
        };
    }

    private static string? Detail(ActivityEvent e, string key) => e.Details?.GetValueOrDefault(key);
}
