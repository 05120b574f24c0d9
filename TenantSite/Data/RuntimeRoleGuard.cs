using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Refuses to serve when the runtime connection could see through RLS (a superuser or a role with rolbypassrls):
/// the database layer of isolation would silently be gone. One query at start-up.
/// </summary>
internal sealed class RuntimeRoleGuard(NpgsqlDataSource dataSource, ILogger<RuntimeRoleGuard> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        bool privileged;
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user");
            privileged = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (NpgsqlException ex)
        {
            // An unreachable database is the health check's business, not a reason to refuse to start.
            logger.LogWarning(ex, "Could not check the runtime database role at start-up.");
            return;
        }
        if (privileged)
            throw new InvalidOperationException(
                $"ConnectionStrings:{DataExtensions.RuntimeConnection} connects as a role that ignores row-level security " +
                "(superuser or rolbypassrls). Use the non-owner runtime role that `migrate` creates.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
