using System.Text;
using System.Text.Json;
using Npgsql;

namespace TenantSite.Pages.Org.Activity;

/// <summary>
/// One page of the organization's audit events, newest first, with the choices of its filter (the members and the API
/// keys), in one query and so one round-trip: the three parts come back as one JSON document. Raw SQL, so the filters
/// are stated here as well as by RLS: every part names the organization.
/// </summary>
public static class ActivityQuery
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Up to <paramref name="pageSize"/> events matching <paramref name="filter"/> below <paramref name="after"/>.</summary>
    public static async Task<ActivityPage> LoadAsync(AppDbContext db, Guid organization, ActivityFilter filter, ActivityCursor? after,
        int pageSize, CancellationToken cancellationToken)
    {
        // Only the conditions in use are in the text, with values as parameters: each combination is one statement that
        // PostgreSQL plans for itself, the keyset walking ix_audit_events_keyset from the cursor down.
        var parameters = new List<NpgsqlParameter> { new("org", organization), new("limit", pageSize + 1) };
        var where = new StringBuilder("e.organization_id = @org");
        if (filter.UserId is { } user) Add(" AND e.actor_user_id = @actor", "actor", user);
        if (filter.KeyId is { } key) Add(" AND e.api_key_id = @key", "key", key);
        if (filter.AnyKey) where.Append(" AND e.api_key_id IS NOT NULL");
        if (filter.Kind is { } kind) Add(" AND starts_with(e.action, @prefix)", "prefix", kind.Prefix);
        if (after is { } cursor)
        {
            Add(" AND (e.occurred_at, e.id) < (@after_at, @after_id)", "after_at", cursor.OccurredAt);
            parameters.Add(new NpgsqlParameter("after_id", cursor.Id));
        }

        var sql = $"""
            SELECT json_build_object(
                'people', (SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', coalesce(u.name, u.email))
                                                    ORDER BY lower(coalesce(u.name, u.email)), u.id), '[]')
                           FROM organization_members m JOIN users u ON u.id = m.user_id WHERE m.organization_id = @org),
                'keys', (SELECT coalesce(json_agg(json_build_object('id', k.id, 'name', k.name, 'prefix', k.prefix)
                                                  ORDER BY k.created_at, k.id), '[]')
                         FROM api_keys k WHERE k.organization_id = @org),
                'events', (SELECT coalesce(json_agg(e ORDER BY e.occurred_at DESC, e.id DESC), '[]') FROM (
                               SELECT e.id, e.occurred_at, e.actor_user_id, e.actor_name, e.api_key_prefix, host(e.ip) AS ip,
                                      e.action, e.target_id, e.target_label, e.details
                               FROM audit_events e WHERE {where}
                               ORDER BY e.occurred_at DESC, e.id DESC LIMIT @limit) e)
            )::text AS "Value"
            """;
        var json = await db.Database.SqlQueryRaw<string>(sql, parameters.ToArray<object>()).SingleAsync(cancellationToken);

        var page = JsonSerializer.Deserialize<ActivityPage>(json, Json)!;
        if (page.Events.Count <= pageSize) return page;
        var shown = page.Events.Take(pageSize).ToList();
        return page with { Events = shown, Next = new ActivityCursor(shown[^1].OccurredAt, shown[^1].Id) };

        void Add(string condition, string name, object value)
        {
            where.Append(condition);
            parameters.Add(new NpgsqlParameter(name, value));
        }
    }
}

/// <summary>A page of events, the filter's choices, and where the next page starts (null on the last).</summary>
public sealed record ActivityPage(IReadOnlyList<ActivityPerson> People, IReadOnlyList<ActivityKey> Keys, IReadOnlyList<ActivityEvent> Events)
{
    public ActivityCursor? Next { get; init; }
}

/// <summary>A member, to filter by.</summary>
public sealed record ActivityPerson(Guid Id, string? Name);

/// <summary>An API key (revoked ones too), to filter by.</summary>
public sealed record ActivityKey(Guid Id, string Name, string Prefix);

/// <summary>One audit event as the page shows it; <see cref="Details"/> holds e.g. "from" and "to".</summary>
public sealed record ActivityEvent(Guid Id, DateTimeOffset OccurredAt, Guid? ActorUserId, string? ActorName, string? ApiKeyPrefix,
    string? Ip, string Action, Guid? TargetId, string? TargetLabel, IReadOnlyDictionary<string, string>? Details);
