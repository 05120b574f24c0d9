using Npgsql;

namespace TenantSite.Tests.Infrastructure;

/// <summary>Raw SQL helpers that hand a tenant over exactly as the app does: set_config(..., true) in the transaction.</summary>
public static class Sql
{
    /// <summary>Runs <paramref name="sql"/> in one transaction that carries the given tenant/user (null: none).</summary>
    public static async Task<List<object?[]>> QueryAsync(NpgsqlDataSource source, Guid? org, Guid? user, string sql,
        params object[] args)
    {
        await using var connection = await source.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await SetTenantAsync(connection, org, user);
        var rows = await ReadAsync(connection, sql, args);
        await tx.CommitAsync();
        return rows;
    }

    /// <summary>Runs <paramref name="sql"/> with no tenant handed over at all.</summary>
    public static async Task<List<object?[]>> QueryWithoutTenantAsync(NpgsqlDataSource source, string sql, params object[] args)
    {
        await using var connection = await source.OpenConnectionAsync();
        return await ReadAsync(connection, sql, args);
    }

    public static async Task SetTenantAsync(NpgsqlConnection connection, Guid? org, Guid? user)
    {
        await using var command = new NpgsqlCommand(
            "SELECT set_config('app.current_org_id', $1, true), set_config('app.current_user_id', $2, true)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = org?.ToString() ?? "" });
        command.Parameters.Add(new NpgsqlParameter { Value = user?.ToString() ?? "" });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<object?[]>> ReadAsync(NpgsqlConnection connection, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
