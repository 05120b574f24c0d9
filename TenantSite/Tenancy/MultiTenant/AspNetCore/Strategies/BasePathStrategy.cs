using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant.AspNetCore.Strategies;

/// <summary>The first segment of <c>Request.Path</c>: <c>/acme/projects</c> names <c>acme</c>.</summary>
public class BasePathStrategy : IMultiTenantStrategy
{
    /// <inheritdoc />
    public Task<string?> GetIdentifierAsync(object context)
    {
        if (context is not HttpContext httpContext) return Task.FromResult<string?>(null);
        var segment = httpContext.Request.Path.Value?.Split('/', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return Task.FromResult(segment);
    }
}
