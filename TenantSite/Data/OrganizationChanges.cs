using System.Text.Json;
using TenantSite.Tenancy;

namespace TenantSite.Data;

/// <summary>
/// Keeps the tenant cache in step with organizations changed by any writer, on any app instance: the trigger of
/// migration <c>OrganizationChangeNotifications</c> sends <c>{"id", "old_slug", "new_slug"}</c> on <see cref="Channel"/>
/// for each created, renamed, re-slugged or deleted organization, and both slugs are dropped from the cache.
/// </summary>
public sealed partial class OrganizationChanges(ITenantCache cache, ILogger<OrganizationChanges> logger) : IChannelSubscription
{
    /// <summary>The channel the trigger notifies on.</summary>
    public const string Channel = "tenantsite_organizations";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    string IChannelSubscription.Channel => Channel;

    /// <inheritdoc />
    public void OnNotification(string payload)
    {
        Change? change = null;
        try
        {
            change = JsonSerializer.Deserialize<Change>(payload, Json);
        }
        catch (JsonException)
        {
            // Reported below: anyone who can connect may NOTIFY, and a stray message must change nothing.
        }
        if (change is not { Id: not null } || (change.OldSlug is null && change.NewSlug is null))
        {
            LogMalformed(payload.Length > 200 ? payload[..200] : payload);
            return;
        }
        if (change.OldSlug is { } old) cache.Invalidate(old);
        if (change.NewSlug is { } now && now != change.OldSlug) cache.Invalidate(now);
    }

    /// <summary>Changes may have been missed while nobody listened: forget every cached tenant.</summary>
    public void OnListening() => cache.InvalidateAll();

    private sealed record Change(Guid? Id, string? OldSlug, string? NewSlug);

    [LoggerMessage(LogLevel.Warning, "Ignored a notification on " + Channel + " that is not an organization change: {Payload}")]
    private partial void LogMalformed(string payload);
}
