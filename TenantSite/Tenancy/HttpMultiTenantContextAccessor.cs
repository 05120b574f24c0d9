namespace TenantSite.Tenancy;

/// <summary>
/// Keeps the context on the HttpContext (not in an AsyncLocal) so that it survives re-execution by the status code
/// pages middleware, which runs the rest of the pipeline outside the async flow that resolved the tenant.
/// </summary>
public sealed class HttpMultiTenantContextAccessor(IHttpContextAccessor http) : IMultiTenantContextAccessor
{
    /// <inheritdoc />
    public MultiTenantContext MultiTenantContext =>
        http.HttpContext?.Features.Get<MultiTenantContext>() ?? MultiTenantContext.Empty;
}
