using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Recognizes the PostgreSQL errors that pages turn into messages. The database is the final word on uniqueness and
/// on "keep one owner", so a page catches these instead of racing a pre-check against another request. An outage is
/// answered for every page at once (503, see <c>WebUiExtensions</c>).
/// </summary>
public static class DbErrors
{
    /// <summary>The name of the constraint trigger installed by the KeepOneOwner migration.</summary>
    public const string KeepOneOwner = "tr_organization_members_keep_one_owner";

    /// <summary>The trigger that refuses an API key whose creator may not create keys (any longer).</summary>
    public const string ApiKeyCreator = "tr_api_keys_check_creator";

    /// <summary>The triggers of the PlanLimits migration: a project or member beyond the plan's limit, a plan too small.</summary>
    public static readonly string[] PlanLimits =
        ["tr_projects_plan_limit", "tr_organization_members_plan_limit", "tr_organizations_plan_limits"];

    /// <summary>
    /// The database's reason when <paramref name="exception"/> (or its cause) is a plan's limit refusing a write
    /// ("Acme Inc has 3 projects, as many as the free plan allows."); null for anything else.
    /// </summary>
    public static string? PlanLimitReason(this Exception exception) =>
        Find(exception) is { SqlState: PostgresErrorCodes.CheckViolation } error && PlanLimits.Contains(error.ConstraintName)
            ? error.MessageText
            : null;

    /// <summary>True when <paramref name="exception"/> (or its cause) violated the unique index or key <paramref name="constraint"/>.</summary>
    public static bool IsUniqueViolation(this Exception exception, string constraint) =>
        Find(exception) is { SqlState: PostgresErrorCodes.UniqueViolation } error && error.ConstraintName == constraint;

    /// <summary>True when <paramref name="exception"/> (or its cause) violated the check constraint <paramref name="constraint"/>.</summary>
    public static bool IsCheckViolation(this Exception exception, string constraint) =>
        Find(exception) is { SqlState: PostgresErrorCodes.CheckViolation } error && error.ConstraintName == constraint;

    /// <summary>True when <paramref name="exception"/> (or its cause) violated the foreign key <paramref name="constraint"/>.</summary>
    public static bool IsForeignKeyViolation(this Exception exception, string constraint) =>
        Find(exception) is { SqlState: PostgresErrorCodes.ForeignKeyViolation } error && error.ConstraintName == constraint;

    /// <summary>True when the database refused a new API key because its creator may not create keys.</summary>
    public static bool IsApiKeyCreatorRefused(this Exception exception) =>
        Find(exception) is { SqlState: PostgresErrorCodes.InsufficientPrivilege, ConstraintName: ApiKeyCreator };

    /// <summary>True when the write would have left an organization without an owner.</summary>
    public static bool IsLastOwnerViolation(this Exception exception) =>
        Find(exception) is { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: KeepOneOwner };

    /// <summary>
    /// True when <paramref name="exception"/> (or its cause) says the database cannot be reached right now, so that trying
    /// again in a moment may well succeed: a connection refused, reset or timed out (Npgsql marks these transient), or a
    /// server that is shutting down, starting up, restarting or full. Anything else is not an outage.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception exception)
    {
        for (Exception? cause = exception; cause is not null; cause = cause.InnerException)
        {
            // A server's own error is judged by its code alone: a deadlock is transient too, but not an outage.
            if (cause is PostgresException postgres) return IsOutage(postgres.SqlState);
            if (cause is NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }

    // Class 08 is "connection exception"; the others are a server going down, coming up, or out of connection slots.
    private static bool IsOutage(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;

    // EF wraps the server's error in DbUpdateException; a deferred trigger failing at COMMIT may surface unwrapped.
    private static PostgresException? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException postgres) return postgres;
        }
        return null;
    }
}
