using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Auth;

/// <summary>
/// The signed-in user's memberships, loaded with one query that serves both the membership check and the organization
/// switcher: once per request, or from the <see cref="MembershipCache"/> while it is current.
/// </summary>
public sealed class CurrentMemberships(AppDbContext db, DataScope scope, IMultiTenantContextAccessor<OrganizationTenantInfo> tenancy,
    MembershipCache cache)
{
    private IReadOnlyList<Membership>? _all;
    private Membership? _current;

    /// <summary>All organizations the user belongs to, by name (for an API key: its organization).</summary>
    public async Task<IReadOnlyList<Membership>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        if (_all is not null) return _all;
        // An API key is a member of its own organization only, with its own role; its row was read to authenticate it.
        if (scope.ApiKey is { } key)
        {
            var own = tenancy.MultiTenantContext.TenantInfo is { } tenant && tenant.OrganizationId == key.OrganizationId ? tenant : null;
            return _all = [new Membership(key.OrganizationId, own?.Identifier ?? "", own?.Name ?? "", key.Role)];
        }
        if (scope.UserId is not { } userId) return _all = [];
        // Only inside an organization the cached list names. Without one (the landing page), and for an organization it
        // does not name, the user may have just joined (an invitation, a new organization) before the notification came:
        // the database answers, so a newcomer is never sent away and a non-member's 404 costs a query.
        var tenantId = tenancy.MultiTenantContext.TenantInfo?.OrganizationId;
        if (tenantId is not null && cache.TryGet(userId, out var cached) && cached.Any(m => m.OrganizationId == tenantId))
            return _all = cached;
        var generation = cache.Generation;
        _all = await MembershipsOf(db, userId).ToListAsync(cancellationToken);
        cache.Store(userId, _all, generation);
        return _all;
    }

    // Deliberately across organizations (the switcher), so past the tenant query filter; the user condition is the
    // application's bound, and RLS's own_memberships policy (SELECT only) the database's: without a tenant, the
    // runtime role sees this user's memberships and no one else's (RowLevelSecurityTests
    // .ShowAUserOnlyTheirOwnMembershipsOutsideTheCurrentTenant, run directly and through PgBouncer). The membership
    // cache keeps its result under the same user id, so a cached list is bound the same way. Compiled once:
    // every signed-in page runs it, and a compiled query skips building, hashing and looking up the expression tree per
    // request (bench/RESULTS.md).
    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<Membership>> MembershipsOf =
        EF.CompileAsyncQuery((AppDbContext db, Guid userId) => db.Members.IgnoreQueryFilters()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.Organization!.Name)
            .Select(m => new Membership(m.OrganizationId, m.Organization!.Slug, m.Organization.Name, m.Role)));

    /// <summary>The membership in the request's organization, or null (not signed in, no tenant, or not a member).</summary>
    public async Task<Membership?> GetCurrentAsync(CancellationToken cancellationToken = default)
    {
        if (tenancy.MultiTenantContext.TenantInfo is not { } tenant) return null;
        var all = await GetAllAsync(cancellationToken);
        return _current = all.FirstOrDefault(m => m.OrganizationId == tenant.OrganizationId);
    }

    /// <summary>The role in the current organization once authorization confirmed the membership; views use it.</summary>
    public string? CurrentRole => _current?.Role;

    /// <summary>Whether the current role grants <paramref name="permission"/> (false before the membership check ran).</summary>
    public bool Can(string permission) => Permissions.Has(_current?.Role, permission);
}
