using Microsoft.AspNetCore.Diagnostics;

namespace TenantSite.Tenancy;

/// <summary>
/// Resolves the tenant before routing: the first strategy that applies decides. A host outside the root domain is
/// answered 400 and never falls back to a default tenant; a malformed or unknown slug is answered 404.
/// </summary>
public sealed class MultiTenantMiddleware(
    RequestDelegate next, RootDomain root, IEnumerable<IMultiTenantStrategy> strategies, IMultiTenantStore store)
{
    private readonly IMultiTenantStrategy[] _strategies = strategies.ToArray();

    /// <summary>Runs the middleware.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        // A re-execution (the 404 page, the error page of an exception) keeps what the original request resolved, and
        // must not ask the store again: that may be the very lookup that failed while the database was down.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        if (!context.Request.TryGetHost(out var host) || !root.Contains(host))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        foreach (var strategy in _strategies)
        {
            var result = strategy.GetIdentifier(context);
            if (result.Outcome == StrategyOutcome.None) continue;

            var tenant = result.Outcome == StrategyOutcome.Found
                ? await store.GetByIdentifierAsync(result.Identifier!, context.RequestAborted)
                : null;
            if (tenant is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Features.Set(new MultiTenantContext { TenantInfo = tenant, Strategy = strategy });
            strategy.OnResolved(context, tenant);
            break;
        }

        await next(context);
    }
}
