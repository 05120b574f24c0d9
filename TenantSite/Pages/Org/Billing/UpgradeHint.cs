namespace TenantSite.Pages.Org.Billing;

/// <summary>
/// A plan's limit refused something: <paramref name="Reason"/>, then the way out, <paramref name="Then"/> ("to create
/// more."): a link to the billing page for those who may change the plan, "ask an owner" for everyone else.
/// </summary>
public sealed record UpgradeHint(string Id, string Reason, string Then);
