namespace TenantSite.Tenancy.MultiTenant.Abstractions;

/// <summary>Finds a tenant identifier in a context (for ASP.NET Core, the <c>HttpContext</c>).</summary>
public interface IMultiTenantStrategy
{
    /// <summary>The identifier, or null when this strategy finds none.</summary>
    Task<string?> GetIdentifierAsync(object context);

    /// <summary>Order among strategies: higher runs first; equal ones run in registration order.</summary>
    int Priority => 0;
}
