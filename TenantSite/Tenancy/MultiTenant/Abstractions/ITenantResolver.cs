namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Runs the strategies and stores for a context.</summary>
public interface ITenantResolver
{
    /// <summary>The context's tenant; an unresolved context when there is none, never null.</summary>
    Task<IMultiTenantContext> ResolveAsync(object context);

    /// <summary>The strategies, in the order they run.</summary>
    IEnumerable<IMultiTenantStrategy> Strategies { get; set; }
}

/// <summary>The typed <see cref="ITenantResolver"/>.</summary>
public interface ITenantResolver<TTenantInfo> : ITenantResolver
    where TTenantInfo : ITenantInfo
{
    /// <summary>The context's tenant; an unresolved context when there is none, never null.</summary>
    new Task<IMultiTenantContext<TTenantInfo>> ResolveAsync(object context);

    /// <summary>The stores, in the order they are asked.</summary>
    IEnumerable<IMultiTenantStore<TTenantInfo>> Stores { get; set; }
}
