namespace TenantSite.Billing;

/// <summary>
/// Where a payment provider plugs in. The billing page asks it once the new plan's limits fit the organization, under
/// the organization's row lock (creates there wait for the answer), and writes the plan only when it agrees. The default, <see cref="NoBillingProvider"/>, agrees to every change and charges
/// nothing. A Stripe implementation (README, "Plans and limits") would move the organization's subscription to the
/// plan's price here and answer <see cref="PlanChangeResult.Declined"/> when the payment fails.
/// </summary>
public interface IBillingProvider
{
    Task<PlanChangeResult> ChangePlanAsync(Organization organization, string newPlan, CancellationToken cancellationToken);
}

/// <summary>A provider's answer: the plan may change, or not, with the reason shown to the owner.</summary>
public sealed record PlanChangeResult(bool Succeeded, string? Reason = null)
{
    public static PlanChangeResult Accepted { get; } = new(true);
    public static PlanChangeResult Declined(string reason) => new(false, reason);
}

/// <summary>No payment provider: every plan change is accepted, free of charge.</summary>
public sealed class NoBillingProvider : IBillingProvider
{
    public Task<PlanChangeResult> ChangePlanAsync(Organization organization, string newPlan, CancellationToken cancellationToken) =>
        Task.FromResult(PlanChangeResult.Accepted);
}
