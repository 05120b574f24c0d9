using System.Text.Json.Nodes;
using Npgsql;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Security;

/// <summary>
/// Every row of every table of the app's schema, keyed by primary key, as JSON, read as the superuser (no RLS): taken
/// before an attack and compared after, so a table added later is covered too.
/// </summary>
public sealed class DatabaseSnapshot
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _tables;

    private DatabaseSnapshot(Dictionary<string, Dictionary<string, JsonObject>> tables) => _tables = tables;

    /// <summary>The primary keys of <paramref name="table"/>'s rows.</summary>
    public IReadOnlyCollection<string> Keys(string table) => _tables.GetValueOrDefault(table)?.Keys ?? (IReadOnlyCollection<string>)[];

    public static async Task<DatabaseSnapshot> TakeAsync(string adminConnectionString)
    {
        var source = AdminSources.For(adminConnectionString);
        await using var connection = await source.OpenConnectionAsync();
        var tables = new Dictionary<string, Dictionary<string, JsonObject>>();
        var keys = await Sql.ReadAsync(connection, """
            SELECT tc.table_name, string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position)
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu USING (constraint_schema, constraint_name)
            WHERE tc.constraint_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' AND tc.table_name NOT LIKE '\_\_%'
            GROUP BY tc.table_name
            """);
        foreach (var row in keys)
        {
            var (table, key) = ((string)row[0]!, ((string)row[1]!).Split(','));
            var rows = new Dictionary<string, JsonObject>();
            foreach (var json in await Sql.ReadAsync(connection, $"SELECT to_jsonb(t)::text FROM \"{table}\" t"))
            {
                var value = JsonNode.Parse((string)json[0]!)!.AsObject();
                rows[string.Join('/', key.Select(k => value[k]!.ToString()))] = value;
            }
            tables[table] = rows;
        }
        return new DatabaseSnapshot(tables);
    }

    /// <summary>
    /// What changed since <paramref name="before"/> that no accepted request explains: a row gone, a column changed
    /// (other than <c>updated_at</c> and a session's <c>last_seen_at</c>, which every request may move) to anything but a value <paramref name="accepted"/> knows, or a new row outside
    /// <paramref name="mayGrow"/>. Each entry says table, key and column.
    /// </summary>
    public IEnumerable<string> UnexplainedChangesSince(DatabaseSnapshot before, Func<string, bool> accepted, Func<string, JsonObject, bool> mayGrow)
    {
        foreach (var (table, rows) in before._tables)
        {
            var now = _tables.GetValueOrDefault(table) ?? [];
            foreach (var (key, old) in rows)
            {
                if (!now.TryGetValue(key, out var row))
                {
                    yield return $"{table} {key}: deleted";
                    continue;
                }
                foreach (var (column, value) in old)
                {
                    var current = row[column];
                    if (column is "updated_at" or "last_seen_at" || JsonNode.DeepEquals(value, current)) continue;
                    if (current?.GetValueKind() == System.Text.Json.JsonValueKind.String && accepted(current.GetValue<string>())) continue;
                    yield return $"{table} {key}: {column} {value?.ToJsonString()} -> {current?.ToJsonString()}";
                }
            }
            foreach (var (key, row) in now.Where(r => !rows.ContainsKey(r.Key)))
            {
                if (!mayGrow(table, row)) yield return $"{table} {key}: new row {row.ToJsonString()}";
            }
        }
    }
}
