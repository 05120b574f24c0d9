using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using TenantSite.Tenancy;

namespace TenantSite.Auth;

/// <summary>Sign-in (cookie + OpenID Connect), the membership gate of <c>Pages/Org/**</c>, permissions, the data scope.</summary>
public static class AuthExtensions
{
    public static IServiceCollection AddTenantSiteAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "tenantsite.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Not the PathBase: in path mode the request is rebased under /org/{slug}, the session is not.
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context =>
                {
                    // /signin lives at the host's root; the return URL keeps the path-mode base. An htmx request
                    // (a session that expired on an open page) comes back to that page, not to the fragment's URL.
                    var back = context.Request.IsHtmx() && context.Request.Headers["HX-Current-URL"] is [{ Length: > 0 } page]
                        ? page
                        : context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                    context.Response.Redirect("/signin?returnUrl=" + Uri.EscapeDataString(back));
                    return Task.CompletedTask;
                };
                // A member lacking a permission sees the 403 page, not a redirect.
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
                // A cookie is good only while its sign-in lives: one without a session (issued before sessions were the
                // app's own) or of an ended family is refused. In memory: no round-trip per request.
                o.Events.OnValidatePrincipal = context =>
                {
                    var services = context.HttpContext.RequestServices;
                    var family = context.Principal?.FindFirst(TenantSiteClaims.SessionFamily)?.Value;
                    if (family is null || services.GetRequiredService<SessionRevocations>().IsRevoked(family) ||
                        !Guid.TryParse(context.Principal!.FindFirst(TenantSiteClaims.Session)?.Value, out var session))
                    {
                        context.RejectPrincipal();
                        return context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                    services.GetRequiredService<SessionSightings>().Seen(session);
                    return Task.CompletedTask;
                };
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<TenancyOptions>>((o, tenancy) => o.Cookie.Domain = SharedCookieDomain(tenancy.Value.RootDomain));

        if (OidcSignIn.IsConfigured(configuration)) authentication.AddOidcSignIn(configuration);
        // Bearer keys, for the API's endpoints only (UseApiKeys).
        authentication.AddApiKeys();

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
        services.AddOptions<MembershipCacheOptions>()
            .Bind(configuration.GetSection(MembershipCacheOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<MembershipCache>();
        services.AddSingleton<IChannelSubscription>(sp => new MembershipChanges(sp.GetRequiredService<MembershipCache>(), LiveChange.Channel));
        services.AddSingleton<IChannelSubscription>(sp => new MembershipChanges(sp.GetRequiredService<MembershipCache>(), OrganizationChanges.Channel));
        services.AddSingleton<ISaveChangesInterceptor, MembershipWrites>();
        services.AddScoped<PermissionPageFilter>();
        services.AddOptions<SessionRevocationOptions>()
            .Bind(configuration.GetSection(SessionRevocationOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // A pool of its own: the poll neither waits for nor takes the pages' connections, and a broken connection it
        // meets (a restart) clears only its own pool. One connection per instance stays open, for the poll.
        services.AddKeyedSingleton(SessionRevocations.DataSourceKey, (sp, _) =>
            SessionRevocations.CreateDataSource(sp.GetRequiredService<IConfiguration>().GetConnectionString(DataExtensions.RuntimeConnection)
                ?? throw new InvalidOperationException($"ConnectionStrings:{DataExtensions.RuntimeConnection} is not configured.")));
        services.AddSingleton(sp => new SessionRevocations(
            sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(SessionRevocations.DataSourceKey),
            sp.GetRequiredService<ILogger<SessionRevocations>>())
        {
            CookieLifetime = sp.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
                .Get(CookieAuthenticationDefaults.AuthenticationScheme).ExpireTimeSpan,
        });
        services.AddSingleton(sp => new SessionSightings(sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(SessionRevocations.DataSourceKey)));
        services.AddHostedService<SessionRevocationPoll>();
        services.AddScoped<UserSessions>();
        services.AddSingleton(sp => new ReturnUrls(sp.GetRequiredService<RootDomain>()));
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Org", OrganizationMemberRequirement.Policy);
            o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(PermissionPageFilter)));
        });
        return services;
    }

    /// <summary>
    /// The cookie domain that lets one sign-in serve the root domain and every tenant subdomain (<c>app.example</c>
    /// covers <c>acme.app.example</c>). Browsers refuse a Domain of a single label such as <c>localhost</c>, so there
    /// the cookie stays host-only and each host gets its session handed over by the root (<see cref="SessionHandoff"/>).
    /// </summary>
    public static string? SharedCookieDomain(string rootDomain) => rootDomain.Contains('.') ? rootDomain : null;
}
