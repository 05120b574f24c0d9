using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace TenantSite.Auth;

/// <summary>Authentication, the membership gate of <c>Pages/Org/**</c>, and the per-request data scope.</summary>
public static class AuthExtensions
{
    public static IServiceCollection AddTenantSiteAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "tenantsite.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // A member lacking a permission sees the 403 page, not a redirect.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });

        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(OrganizationMemberRequirement.Policy, p => p.RequireAuthenticatedUser()
                .AddRequirements(new OrganizationMemberRequirement()));
        foreach (var permission in Permissions.All)
        {
            policies.AddPolicy(Permissions.Policy(permission), p => p.RequireAuthenticatedUser()
                .AddRequirements(new OrganizationMemberRequirement(), new PermissionRequirement(permission)));
        }
        services.AddScoped<IAuthorizationHandler, OrganizationMemberHandler>();
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, NotFoundForNonMembers>();
        services.AddScoped<CurrentMemberships>();
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Org", OrganizationMemberRequirement.Policy);
            o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(PermissionPageFilter)));
        });
        services.AddScoped<PermissionPageFilter>();
        return services;
    }

    /// <summary>Authentication, then the user's data scope, then authorization (which enters the organization).</summary>
    public static IApplicationBuilder UseTenantSiteAuth(this IApplicationBuilder app) =>
        app.UseAuthentication().UseMiddleware<DataScopeMiddleware>().UseAuthorization();
}
