using System.Text.Json;

namespace TenantSite.Data;

/// <summary>
/// One notification on <see cref="Channel"/>, as migration <c>LiveUpdates</c>'s triggers send it:
/// <c>{"organization_id", "project_id", "table"}</c>. Here with the triggers it parses, for both of its readers: the
/// live streams (Live/LiveChanges) and the membership cache (Auth/MembershipChanges).
/// </summary>
public sealed record LiveChange(Guid? OrganizationId, Guid? ProjectId, string? Table)
{
    /// <summary>The channel the triggers notify on.</summary>
    public const string Channel = "tenantsite_live";

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
