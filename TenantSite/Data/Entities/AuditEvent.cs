using System.Net;

namespace TenantSite.Data.Entities;

/// <summary>
/// One change to an organization, written by the database's audit triggers (migration AuditEvents) whatever path made
/// the change; the app only reads these. Who, from where and what are snapshots taken at the time, so an event still
/// reads the same after its actor, key or target is renamed or gone.
/// </summary>
public sealed class AuditEvent : ITenantOwned
{
    public Guid OrganizationId { get; set; }
    public Guid Id { get; init; }
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>users.id of who made the change; null for an API key, a write outside the app, or once the user is gone.</summary>
    public Guid? ActorUserId { get; init; }

    /// <summary>The actor's name (or email) when the change was made.</summary>
    public string? ActorName { get; init; }

    /// <summary>The API key that made the change, and its public prefix at the time.</summary>
    public Guid? ApiKeyId { get; init; }
    public string? ApiKeyPrefix { get; init; }

    /// <summary>The client address the app saw (after forwarded headers), or null outside a request.</summary>
    public IPAddress? Ip { get; init; }

    /// <summary>What happened: <c>noun.verb</c>, e.g. <c>project.renamed</c> (<see cref="AuditActions"/>).</summary>
    public required string Action { get; init; }

    public required string TargetType { get; init; }
    public Guid? TargetId { get; init; }
    public string? TargetLabel { get; init; }

    /// <summary>JSON with what changed, e.g. <c>{"from": "old", "to": "new"}</c>; null when the action says it all.</summary>
    public string? Details { get; init; }
}
