using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant;

/// <summary>Hooks into resolution; each defaults to doing nothing.</summary>
public class MultiTenantEvents<TTenantInfo>
    where TTenantInfo : ITenantInfo
{
    /// <summary>After a strategy ran: may change or clear (null) the identifier it found.</summary>
    public Func<StrategyResolveCompletedContext, Task> OnStrategyResolveCompleted { get; set; } = _ => Task.CompletedTask;

    /// <summary>After a store was asked: may change or clear the tenant it returned.</summary>
    public Func<StoreResolveCompletedContext<TTenantInfo>, Task> OnStoreResolveCompleted { get; set; } = _ => Task.CompletedTask;

    /// <summary>After resolution, whether or not a tenant was found.</summary>
    public Func<TenantResolveCompletedContext<TTenantInfo>, Task> OnTenantResolveCompleted { get; set; } = _ => Task.CompletedTask;
}
