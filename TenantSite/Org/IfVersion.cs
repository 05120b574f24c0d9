namespace TenantSite.Org;

/// <summary>
/// The versions of a row (<see cref="IVersioned.Version"/>) a change may apply to: any (pages, and the API without
/// <c>If-Match</c>), or one of <see cref="Versions"/> (the API's <c>If-Match</c>, see <c>Api/ETags</c>). The condition
/// goes into the statement's own WHERE, so a write committed in between cannot slip through.
/// </summary>
public sealed record IfVersion(bool AnyVersion, IReadOnlyList<uint> Versions)
{
    public static readonly IfVersion Any = new(true, []);

    public static IfVersion OneOf(IReadOnlyList<uint> versions) => new(false, versions);

    internal IQueryable<T> Matching<T>(IQueryable<T> rows) where T : class, IVersioned =>
        AnyVersion ? rows : rows.Where(r => Versions.Contains(r.Version));
}
