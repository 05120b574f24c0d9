using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Refuses to serve when the runtime connection could see through RLS: a superuser or a role with rolbypassrls, the
/// owner of a table under RLS, or a member (directly or through other roles) of that owner, who may act as it with
/// <c>SET ROLE</c> and turn RLS off. The database layer of isolation would silently be gone. One query at start-up.
/// </summary>
internal sealed class RuntimeRoleGuard(NpgsqlDataSource dataSource, ILogger<RuntimeRoleGuard> logger) : IHostedService
{
    // The tables under RLS in schema public (every tenant table, organizations and users); MEMBER counts NOINHERIT
    // memberships too, since SET ROLE still reaches them.
    private const string Sql = """
        SELECT r.rolname, r.rolsuper OR r.rolbypassrls,
               (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity AND c.relowner = r.oid),
               (SELECT string_agg(DISTINCT pg_get_userbyid(c.relowner), ', ') FROM pg_class c
                WHERE c.relnamespace = 'public'::regnamespace AND c.relrowsecurity AND c.relowner <> r.oid
                  AND pg_has_role(r.oid, c.relowner, 'MEMBER'))
        FROM pg_roles r WHERE r.rolname = current_user
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string role;
        bool privileged;
        string? owned, memberOf;
        try
        {
            await using var command = dataSource.CreateCommand(Sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            role = reader.GetString(0);
            privileged = reader.GetBoolean(1);
            owned = reader.IsDBNull(2) ? null : reader.GetString(2);
            memberOf = reader.IsDBNull(3) ? null : reader.GetString(3);
        }
        catch (NpgsqlException ex)
        {
            // An unreachable database is the health check's business, not a reason to refuse to start.
            logger.LogWarning(ex, "Could not check the runtime database role at start-up.");
            return;
        }
        var connection = $"ConnectionStrings:{DataExtensions.RuntimeConnection}";
        if (privileged)
            throw new InvalidOperationException(
                $"{connection} connects as a role that ignores row-level security (superuser or rolbypassrls). " +
                "Use the non-owner runtime role that `migrate` creates.");
        if (owned is not null)
            throw new InvalidOperationException(
                $"{connection} connects as role \"{role}\", which owns tables under row-level security ({owned}) and so " +
                "could turn it off. Use the runtime role that `migrate` creates, which owns nothing.");
        if (memberOf is not null)
            throw new InvalidOperationException(
                $"{connection} connects as role \"{role}\", a member (directly or through other roles) of \"{memberOf}\", which " +
                "owns the tables under row-level security: through SET ROLE it could turn it off. Revoke that membership, or " +
                "use the runtime role that `migrate` creates.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
