using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy.MultiTenant.AspNetCore;

/// <summary>
/// Resolves the request's tenant and makes it current: through the accessor for everything downstream, and in
/// <c>HttpContext.Items</c> for <c>GetMultiTenantContext</c>. It decides nothing about the answer: that is policy,
/// which goes into events, options and the middleware around it.
/// </summary>
public class MultiTenantMiddleware(RequestDelegate next)
{
    /// <summary>Runs the middleware.</summary>
    public async Task Invoke(HttpContext context)
    {
        var setter = context.RequestServices.GetRequiredService<IMultiTenantContextSetter>();
        var resolver = context.RequestServices.GetRequiredService<ITenantResolver>();
        var multiTenantContext = await resolver.ResolveAsync(context);
        setter.MultiTenantContext = multiTenantContext;
        context.Items[typeof(IMultiTenantContext)] = multiTenantContext;
        await next(context);
    }
}
