using Microsoft.EntityFrameworkCore.Query;

namespace TenantSite.Org;

/// <summary>
/// Changes and deletions of one row under an <see cref="IfVersion"/>: one statement whose WHERE holds the version (and,
/// through the query filter, the tenant; RLS holds it again). A statement that touched nothing means the row is gone
/// (not found) or is there in another version (changed meanwhile).
/// </summary>
internal static class ConditionalWrites
{
    /// <summary>Applies <paramref name="changes"/> to <paramref name="row"/> and reads it back as written.</summary>
    public static async Task<Result<T>> UpdateAsync<T>(IQueryable<T> row, IfVersion expected, Action<UpdateSettersBuilder<T>> changes,
        string notFound, string changedMeanwhile, CancellationToken cancellationToken) where T : class, IVersioned
    {
        var changed = await expected.Matching(row).ExecuteUpdateAsync(changes, cancellationToken);
        var now = await row.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (now is null) return Refused.NotFound(notFound);
        if (changed == 0) return Refused.ChangedMeanwhile(changedMeanwhile);
        return now;
    }

    /// <summary>Deletes <paramref name="row"/>; answers it as it was read just before (its name for the answer).</summary>
    public static async Task<Result<T>> DeleteAsync<T>(IQueryable<T> row, IfVersion expected, string notFound, string changedMeanwhile,
        CancellationToken cancellationToken) where T : class, IVersioned
    {
        if (await row.AsNoTracking().SingleOrDefaultAsync(cancellationToken) is not { } before) return Refused.NotFound(notFound);
        if (await expected.Matching(row).ExecuteDeleteAsync(cancellationToken) > 0) return before;
        return await row.AnyAsync(cancellationToken) ? Refused.ChangedMeanwhile(changedMeanwhile) : Refused.NotFound(notFound);
    }
}
