using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TenantSite.Billing;

public static class BillingExtensions
{
    /// <summary>The payment provider: none by default (<see cref="NoBillingProvider"/>); one registered before wins.</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.TryAddSingleton<IBillingProvider, NoBillingProvider>();
        return services;
    }
}
