namespace TenantSite.Tenancy;

/// <summary>Lets code that renames, creates or deletes organizations drop stale cache entries at once.</summary>
public interface ITenantCache
{
    /// <summary>Forget what is cached for <paramref name="identifier"/> (found or not found).</summary>
    void Invalidate(string identifier);
}
