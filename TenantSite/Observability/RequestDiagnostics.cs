using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using TenantSite.Auth;
using TenantSite.Security;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.AspNetCore.Extensions;

namespace TenantSite.Observability;

/// <summary>
/// Puts who a request is for on everything it logs and traces: a log scope with the organization (slug and id) once
/// the tenant is resolved, one with the user id once the user is authenticated, and the tenant on the request's span
/// and metrics when telemetry is on.
/// </summary>
internal static class RequestDiagnostics
{
    private static readonly Func<ILogger, string, Guid, IDisposable?> OrganizationScope =
        LoggerMessage.DefineScope<string, Guid>("Organization {OrganizationSlug} ({OrganizationId})");

    private static readonly Func<ILogger, Guid, IDisposable?> UserScope = LoggerMessage.DefineScope<Guid>("User {UserId}");

    /// <summary>Runs the rest of the request in the organization's log scope (and tags its telemetry) when one resolved.</summary>
    public static async Task TenantAsync(HttpContext context, RequestDelegate next, ILogger logger, bool telemetry)
    {
        if (context.GetTenantInfo<OrganizationTenantInfo>() is not { } tenant)
        {
            await next(context);
            return;
        }
        if (telemetry) Tag(context, tenant);
        using (OrganizationScope(logger, tenant.Identifier, tenant.OrganizationId)) await next(context);
    }

    /// <summary>Runs the rest of the request in the user's log scope when the request is signed in.</summary>
    public static async Task UserAsync(HttpContext context, RequestDelegate next, ILogger logger)
    {
        if (context.User.FindFirstValue(TenantSiteClaims.UserId) is not { } value || !Guid.TryParse(value, out var userId))
        {
            await next(context);
            return;
        }
        using (UserScope(logger, userId)) await next(context);
    }

    private static void Tag(HttpContext context, OrganizationTenantInfo tenant)
    {
        Activity.Current?.SetTag(Telemetry.TenantTag, tenant.Identifier).SetTag(Telemetry.TenantIdTag, tenant.Id);
        // The error page of a request runs this again: its request metrics carry the tenant once.
        if (context.IsReExecution() || context.Features.Get<IHttpMetricsTagsFeature>() is not { } metrics) return;
        metrics.Tags.Add(new(Telemetry.TenantTag, tenant.Identifier));
        metrics.Tags.Add(new(Telemetry.TenantIdTag, tenant.Id));
    }
}
