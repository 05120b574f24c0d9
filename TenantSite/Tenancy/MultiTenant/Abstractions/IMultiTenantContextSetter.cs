namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Sets the current <see cref="IMultiTenantContext"/> (the middleware's side of the accessor).</summary>
public interface IMultiTenantContextSetter
{
    /// <summary>The context the accessor returns from now on, in this async flow.</summary>
    IMultiTenantContext MultiTenantContext { set; }
}
