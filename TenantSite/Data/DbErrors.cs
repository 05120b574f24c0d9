using Npgsql;

namespace TenantSite.Data;

/// <summary>
/// Recognizes the PostgreSQL errors that pages turn into messages. The database is the final word on uniqueness and
/// on "keep one owner", so a page catches these instead of racing a pre-check against another request.
/// </summary>
public static class DbErrors
{
    /// <summary>The name of the constraint trigger installed by the KeepOneOwner migration.</summary>
    public const string KeepOneOwner = "tr_organization_members_keep_one_owner";

    /// <summary>True when <paramref name="exception"/> (or its cause) violated the unique index or key <paramref name="constraint"/>.</summary>
    public static bool IsUniqueViolation(this Exception exception, string constraint) =>
        Find(exception) is { SqlState: PostgresErrorCodes.UniqueViolation } error && error.ConstraintName == constraint;

    /// <summary>True when <paramref name="exception"/> (or its cause) violated the check constraint <paramref name="constraint"/>.</summary>
    public static bool IsCheckViolation(this Exception exception, string constraint) =>
        Find(exception) is { SqlState: PostgresErrorCodes.CheckViolation } error && error.ConstraintName == constraint;

    /// <summary>True when the write would have left an organization without an owner.</summary>
    public static bool IsLastOwnerViolation(this Exception exception) =>
        Find(exception) is { SqlState: PostgresErrorCodes.CheckViolation, ConstraintName: KeepOneOwner };

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
