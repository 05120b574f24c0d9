using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TenantSite.Data;

/// <summary>
/// Hands the tenant to PostgreSQL with every command, in the same round-trip: the command text is prefixed with
/// <c>SELECT set_config('app.current_org_id', @tenantsite_org_id, true), set_config('app.current_user_id', …, true), …;</c>
/// (and the API key and client address, for the audit log). A
/// multi-statement command is one implicit transaction (or runs inside EF's explicit one), so the transaction-local
/// settings cover exactly that work and are gone when it ends — a pooled connection never carries a tenant over.
/// The prefix's own one-row result is skipped before EF reads. Its parameters are named, as EF's are: raw SQL through
/// an <see cref="AppDbContext"/> must name its parameters too (Npgsql cannot mix <c>$1</c> with named ones).
/// </summary>
public sealed class TenantCommandInterceptor : DbCommandInterceptor
{
    // Marks a prefixed command so the "executed" hooks know there is a result set to skip.
    private const string Marker = "/* tenant */ ";

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Prefix(command, eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (IsPrefixed(command)) result.NextResult();
        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (IsPrefixed(command)) await result.NextResultAsync(cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Prefix(command, eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData.Context);
        return ValueTask.FromResult(result);
    }

    // A scalar would be the prefix's own result: read the second result set instead.
    public override InterceptionResult<object> ScalarExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (!Prefix(command, eventData.Context)) return result;
        using var reader = command.ExecuteReader(CommandBehavior.Default);
        reader.NextResult();
        return InterceptionResult<object>.SuppressWithResult(reader.Read() ? reader.GetValue(0) : DBNull.Value);
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (!Prefix(command, eventData.Context)) return result;
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return InterceptionResult<object>.SuppressWithResult(
            await reader.ReadAsync(cancellationToken) ? reader.GetValue(0) : DBNull.Value);
    }

    private static bool Prefix(DbCommand command, DbContext? context)
    {
        if (context is not AppDbContext { Scope: var scope } || scope is { OrganizationId: null, UserId: null }) return false;
        if (IsPrefixed(command)) return true;
        // Parameters, not literals: the prefix's text is then the same for every tenant and user, so PostgreSQL and
        // Npgsql's automatic preparation see one statement instead of one per tenant (bench/RESULTS.md).
        command.CommandText = Sql + command.CommandText;
        command.Parameters.Add(Parameter(command, OrganizationParameter, scope.OrganizationId?.ToString("D") ?? ""));
        command.Parameters.Add(Parameter(command, UserParameter, scope.UserId?.ToString("D") ?? ""));
        command.Parameters.Add(Parameter(command, ApiKeyParameter, scope.ApiKey?.KeyId.ToString("D") ?? ""));
        command.Parameters.Add(Parameter(command, ClientAddressParameter, scope.ClientAddress?.ToString() ?? ""));
        return true;
    }

    private const string OrganizationParameter = "tenantsite_org_id";
    private const string UserParameter = "tenantsite_user_id";
    private const string ApiKeyParameter = "tenantsite_api_key_id";
    private const string ClientAddressParameter = "tenantsite_client_ip";

    // The last two only attribute changes in the audit log (its triggers read them; no policy does).
    private const string Sql = $"{Marker}SELECT set_config('app.current_org_id', @{OrganizationParameter}, true), " +
        $"set_config('app.current_user_id', @{UserParameter}, true), " +
        $"set_config('app.api_key_id', @{ApiKeyParameter}, true), " +
        $"set_config('app.client_ip', @{ClientAddressParameter}, true);\n";

    private static DbParameter Parameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = value;
        return parameter;
    }

    private static bool IsPrefixed(DbCommand command) => command.CommandText.StartsWith(Marker, StringComparison.Ordinal);
}
