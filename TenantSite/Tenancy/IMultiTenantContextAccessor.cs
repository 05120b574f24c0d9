namespace TenantSite.Tenancy;

/// <summary>Reads the current request's <see cref="MultiTenantContext"/>.</summary>
public interface IMultiTenantContextAccessor
{
    /// <summary>The current context; <see cref="MultiTenantContext.Empty"/> outside a tenant.</summary>
    MultiTenantContext MultiTenantContext { get; }
}
