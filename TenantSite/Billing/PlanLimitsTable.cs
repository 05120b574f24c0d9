using Npgsql;

namespace TenantSite.Billing;

/// <summary>Writes the configured limits into <c>plan_limits</c> (by <c>migrate</c>, as the owner).</summary>
public static class PlanLimitsTable
{
    public static async Task WriteAsync(NpgsqlDataSource admin, BillingOptions options, CancellationToken cancellationToken)
    {
        await using var batch = admin.CreateBatch();
        foreach (var limit in options.Limits())
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO plan_limits (plan, max_projects, max_members) VALUES ($1, $2, $3)
                ON CONFLICT (plan) DO UPDATE SET max_projects = excluded.max_projects, max_members = excluded.max_members
                """)
            {
                Parameters =
                {
                    new() { Value = limit.Plan },
                    new() { Value = (object?)limit.MaxProjects ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
                    new() { Value = (object?)limit.MaxMembers ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer },
                },
            });
        }
        // One batch is one implicit transaction: the plans change together.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
