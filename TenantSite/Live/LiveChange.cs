using System.Text.Json;

namespace TenantSite.Live;

/// <summary>
/// One notification on <see cref="LiveChanges.Channel"/>, as migration <c>LiveUpdates</c>'s triggers send it:
/// <c>{"organization_id", "project_id", "table"}</c>. Read by the live streams and by the membership cache.
/// </summary>
public sealed record LiveChange(Guid? OrganizationId, Guid? ProjectId, string? Table)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The change, or null for a payload that is not JSON of this shape (anyone who can connect may NOTIFY).</summary>
    public static LiveChange? Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<LiveChange>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
