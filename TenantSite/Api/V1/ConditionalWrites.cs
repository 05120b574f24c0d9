using Microsoft.EntityFrameworkCore.Query;
using TenantSite.Org;

namespace TenantSite.Api.V1;

/// <summary>
/// Updates and deletes by id under <c>If-Match</c>: the precondition is part of the statement's own WHERE, so a write in
/// between cannot slip through; a statement that touched no row means the row is gone (404) or changed since the
/// version the client names (412). The queries run through the tenant's filter like every other.
/// </summary>
internal static class ConditionalWrites
{
    public static async Task<IResult> UpdateAsync<T, TResource>(IQueryable<T> rows, Guid id, IfVersion precondition,
        Action<UpdateSettersBuilder<T>> changes, Func<T, TResource> resource, IResult notFound, HttpResponse response,
        CancellationToken cancellationToken) where T : class, IVersioned
    {
        var byId = rows.Where(r => r.Id == id);
        var changed = await Matching(byId, precondition).ExecuteUpdateAsync(changes, cancellationToken);
        var row = await byId.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (row is null) return notFound;
        if (changed == 0) return ApiProblems.PreconditionFailed();
        response.Headers.ETag = ETags.Of(row.Version);
        return TypedResults.Ok(resource(row));
    }

    public static async Task<IResult> DeleteAsync<T>(IQueryable<T> rows, Guid id, IfVersion precondition, IResult notFound,
        CancellationToken cancellationToken) where T : class, IVersioned
    {
        var byId = rows.Where(r => r.Id == id);
        if (await Matching(byId, precondition).ExecuteDeleteAsync(cancellationToken) > 0) return TypedResults.NoContent();
        return await byId.AnyAsync(cancellationToken) ? ApiProblems.PreconditionFailed() : notFound;
    }

    private static IQueryable<T> Matching<T>(IQueryable<T> rows, IfVersion precondition) where T : class, IVersioned =>
        precondition.AnyVersion ? rows : rows.Where(r => precondition.Versions.Contains(r.Version));
}
