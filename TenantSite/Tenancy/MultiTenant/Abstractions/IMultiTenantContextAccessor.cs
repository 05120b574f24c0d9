namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Reads the current <see cref="IMultiTenantContext"/>.</summary>
public interface IMultiTenantContextAccessor
{
    /// <summary>The current context; an unresolved one outside a tenant, never null.</summary>
    IMultiTenantContext MultiTenantContext { get; }
}

/// <summary>Reads the current <see cref="IMultiTenantContext{TTenantInfo}"/>.</summary>
public interface IMultiTenantContextAccessor<TTenantInfo> : IMultiTenantContextAccessor
    where TTenantInfo : ITenantInfo
{
    /// <summary>The current context; an unresolved one outside a tenant, never null.</summary>
    new IMultiTenantContext<TTenantInfo> MultiTenantContext { get; }
}
