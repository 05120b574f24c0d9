namespace TenantSite.Data;

/// <summary>
/// A write would cross the tenant boundary: a row of another organization, a change of a row's organization, or a
/// tenant row written with no tenant at all (Finbuckle's <c>TenantMismatchMode.Throw</c>).
/// </summary>
public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
