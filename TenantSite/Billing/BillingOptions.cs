namespace TenantSite.Billing;

/// <summary>
/// Configuration section <c>Billing</c>: each plan's limits, as <c>Billing:Plans:{plan}:MaxProjects</c> and
/// <c>…:MaxMembers</c>. <c>migrate</c> writes them into <c>plan_limits</c>, where the database's triggers and the pages
/// read them, so both always agree: change a limit, then run <c>migrate</c>.
/// </summary>
public sealed class BillingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Billing";

    /// <summary>A plan's limits; null is unlimited.</summary>
    public sealed class PlanLimits
    {
        public int? MaxProjects { get; set; }
        public int? MaxMembers { get; set; }
    }

    /// <summary>
    /// The plans configured, by name. A plan not configured keeps its default; in a configured plan, a limit left out
    /// is unlimited.
    /// </summary>
    public Dictionary<string, PlanLimits> Plans { get; set; } = new(StringComparer.Ordinal);

    private static readonly Dictionary<string, PlanLimits> Defaults = new()
    {
        [Data.Entities.Plans.Free] = new() { MaxProjects = 3, MaxMembers = 5 },
        [Data.Entities.Plans.Pro] = new() { MaxProjects = 50, MaxMembers = 50 },
        [Data.Entities.Plans.Enterprise] = new(),
    };

    /// <summary>Reads the section; throws with the key to fix when a plan is unknown or a limit is out of range.</summary>
    public static BillingOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<BillingOptions>() ?? new BillingOptions();
        foreach (var (plan, limits) in options.Plans)
        {
            if (!Data.Entities.Plans.All.Contains(plan))
                throw new InvalidOperationException(
                    $"{Section}:Plans:{plan} is not a plan: use {string.Join(", ", Data.Entities.Plans.All)}.");
            if (limits.MaxProjects < 0)
                throw new InvalidOperationException($"{Section}:Plans:{plan}:MaxProjects must be 0 or more, or left out for unlimited.");
            // An organization always has its owner: a plan must allow at least one member.
            if (limits.MaxMembers < 1)
                throw new InvalidOperationException($"{Section}:Plans:{plan}:MaxMembers must be 1 or more, or left out for unlimited.");
        }
        return options;
    }

    /// <summary>Every plan's limits: the configured ones, the defaults for the rest.</summary>
    public IEnumerable<PlanLimit> Limits() => Data.Entities.Plans.All.Select(plan =>
    {
        var limits = Plans.GetValueOrDefault(plan) ?? Defaults[plan];
        return new PlanLimit { Plan = plan, MaxProjects = limits.MaxProjects, MaxMembers = limits.MaxMembers };
    });
}
