namespace TenantSite.Tenancy;

/// <summary>
/// Lets code that renames, creates or deletes organizations drop stale cache entries at once, and whatever hears of
/// such changes elsewhere (another app instance, another writer) do the same.
/// </summary>
public interface ITenantCache
{
    /// <summary>Forget what is cached for <paramref name="identifier"/> (found or not found).</summary>
    void Invalidate(string identifier);

    /// <summary>Forget everything cached: for when invalidations may have been missed.</summary>
    void InvalidateAll();
}
