using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Scalar.AspNetCore;
using TenantSite.Api.V1;
using TenantSite.Auth;
using TenantSite.Tenancy;

namespace TenantSite.Api;

/// <summary>
/// The tenant-scoped JSON API: <c>/api/v1/…</c> below a tenant's host or <c>/org/{slug}</c> (the path-mode base is
/// rebased away before routing, so one set of routes serves both), its OpenAPI document and, in development, Scalar.
/// The same three layers as the pages: only members (or the organization's own keys) get in, every query runs through
/// the tenant's filters and the data scope, and PostgreSQL's RLS binds the connection.
/// </summary>
public static class ApiExtensions
{
    /// <summary>The OpenAPI document's name, served at <c>/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    public static IServiceCollection AddTenantSiteApi(this IServiceCollection services)
    {
        // Numbers are numbers: "5" is not read as 5, so the document can say integer and mean it.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(DocumentName, o =>
        {
            // The API's endpoints only: sign-in and the other app endpoints are not part of it.
            o.ShouldInclude = description => description.ActionDescriptor.EndpointMetadata.OfType<ApiEndpoint>().Any();
            o.AddDocumentTransformer<ApiDocument>();
            o.AddOperationTransformer(ApiOperations.Describe);
            o.AddSchemaTransformer(ApiSchemas.Describe);
        });
        return services;
    }

    public static WebApplication MapTenantSiteApi(this WebApplication app)
    {
        var api = app.MapGroup(ApiEndpoint.BasePath)
            .WithMetadata(ApiEndpoint.Metadata, new TenantScopeMetadata(TenantScope.Tenant))
            .RequireAuthorization(OrganizationMemberRequirement.Policy)
            .AddEndpointFilter(RequireAntiforgeryForSessions);
        api.MapProjects();
        api.MapTasks();

        // The document describes every organization's API alike; it holds no tenant's data, so every host serves it.
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference("/scalar", o => o.WithTitle("TenantSite API").DisableDefaultFonts().AddPreferredSecuritySchemes(ApiDocument.Bearer))
                .WithMetadata(new ApiReferencePolicy());
        return app;
    }

    /// <summary>Requires <paramref name="permission"/> of the key's or member's role, and names it for the route matrix.</summary>
    internal static RouteHandlerBuilder RequirePermission(this RouteHandlerBuilder endpoint, string permission) => endpoint
        .RequireAuthorization(Permissions.Policy(permission))
        .WithMetadata(new RequirePermissionAttribute(permission));

    // The cookie is ambient: a browser sends it with any request another site makes it send. So a signed-in session's
    // writes need the antiforgery token as well (the RequestVerificationToken header htmx sends from the page's meta
    // tag); a key is never ambient and needs none.
    private static async ValueTask<object?> RequireAntiforgeryForSessions(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) &&
            context.RequestServices.GetRequiredService<DataScope>().ApiKey is null)
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                return TypedResults.Problem(
                    "A signed-in session's writes need the antiforgery token in the RequestVerificationToken header, as the " +
                    "app's pages send it. Scripts and other clients should use an API key instead. Nothing was changed.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid");
            }
        }
        return await next(invocation);
    }
}
