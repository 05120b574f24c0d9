using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace TenantSite.Data;

/// <summary>The SaveChanges half of the application layer: stamps the tenant and timestamps, throws on mismatch.</summary>
internal static class TenantWriteGuard
{
    public static void Apply(ChangeTracker tracker, Guid? tenantId, DateTimeOffset now)
    {
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
            switch (entry.Entity)
            {
                case ITenantOwned owned:
                    CheckTenantOwned(entry, owned, tenantId);
                    break;
                case Organization organization:
                    // New organizations come from tenantsite_create_organization(), which also makes the owner.
                    if (entry.State == EntityState.Added || organization.Id != tenantId)
                        throw new TenantMismatchException("Only the current organization can be changed or deleted.");
                    break;
                case User:
                    throw new TenantMismatchException("Users are written only through tenantsite_upsert_user().");
            }
            Stamp(entry, now);
        }
    }

    private static void CheckTenantOwned(EntityEntry entry, ITenantOwned owned, Guid? tenantId)
    {
        if (tenantId is not { } tenant)
            throw new TenantMismatchException($"Cannot write {entry.Metadata.ClrType.Name} with no tenant set.");

        if (entry.State == EntityState.Added)
        {
            if (owned.OrganizationId == Guid.Empty) entry.Property(nameof(ITenantOwned.OrganizationId)).CurrentValue = tenant;
            else if (owned.OrganizationId != tenant)
                throw new TenantMismatchException($"Cannot add {entry.Metadata.ClrType.Name} to another organization.");
            return;
        }

        var original = (Guid)entry.Property(nameof(ITenantOwned.OrganizationId)).OriginalValue!;
        if (original != tenant || owned.OrganizationId != tenant)
            throw new TenantMismatchException($"Cannot change {entry.Metadata.ClrType.Name} of another organization.");
    }

    private static void Stamp(EntityEntry entry, DateTimeOffset now)
    {
        if (entry.State == EntityState.Added && entry.Metadata.FindProperty("CreatedAt") is not null)
            entry.Property("CreatedAt").CurrentValue = now;
        if (entry.State is EntityState.Added or EntityState.Modified && entry.Metadata.FindProperty("UpdatedAt") is not null)
            entry.Property("UpdatedAt").CurrentValue = now;
    }
}
