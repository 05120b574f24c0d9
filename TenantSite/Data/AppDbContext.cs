using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace TenantSite.Data;

/// <summary>
/// The application's unit of work. Tenant-owned entities are filtered to <see cref="DataScope.OrganizationId"/> and
/// <see cref="SaveChanges(bool)"/> refuses to write across it; PostgreSQL RLS enforces the same independently.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The scope this context acts for, read by the query filters and the command interceptor. Whoever creates or
    /// leases the context sets it (<see cref="DataExtensions"/>: the request's); until then, and again once the context
    /// is returned to the pool, it is an empty scope, which sees no tenant rows.
    /// </summary>
    public DataScope Scope { get; set; } = new();

    // Referenced by the query filters: EF parameterizes it per context instance.
    private Guid? TenantId => Scope.OrganizationId;

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<User> Users => Set<User>();
    public DbSet<OrganizationMember> Members => Set<OrganizationMember>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<TaskItem> Tasks => Set<TaskItem>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    /// <summary>The signed-in user's own sessions (RLS: <c>own_sessions</c>); handoffs and logout tokens only through functions.</summary>
    public DbSet<UserSession> UserSessions => Set<UserSession>();

    /// <summary>The audit log: written by the database's triggers only; the runtime role may read and add, never change.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>Each plan's limits, no tenant's: read by the billing page and the limit checks, written only by <c>migrate</c>.</summary>
    public DbSet<PlanLimit> PlanLimits => Set<PlanLimit>();

    /// <summary>
    /// The key ring of every instance (<c>KeyRing/</c>). Here rather than in a context of its own: the key store leases a
    /// context in a service scope of its own, whose <see cref="DataScope"/> is empty, so it acts for no tenant and no
    /// user, as the keys belong to neither (the table is outside RLS); the write guard leaves non-tenant entities alone;
    /// and one context keeps one migration stream that <c>dotnet ef</c> finds without <c>--context</c>.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        IsMultiTenant<OrganizationMember>(modelBuilder);
        IsMultiTenant<Project>(modelBuilder);
        IsMultiTenant<TaskItem>(modelBuilder);
        IsMultiTenant<Invitation>(modelBuilder);
        IsMultiTenant<ApiKey>(modelBuilder);
        IsMultiTenant<AuditEvent>(modelBuilder);
        modelBuilder.UseSnakeCaseNames();
    }

    // A null tenant compares unequal to every row: no tenant, no rows.
    private void IsMultiTenant<T>(ModelBuilder modelBuilder) where T : class, ITenantOwned =>
        modelBuilder.Entity<T>().HasQueryFilter(e => e.OrganizationId == TenantId);

    // A pooled context outlives its request: it must not carry the request's scope back into the pool.
    public override void Dispose()
    {
        Scope = new DataScope();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        Scope = new DataScope();
        return base.DisposeAsync();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        TenantWriteGuard.Apply(ChangeTracker, Scope.OrganizationId, DateTimeOffset.UtcNow);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        TenantWriteGuard.Apply(ChangeTracker, Scope.OrganizationId, DateTimeOffset.UtcNow);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}
