using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TenantSite.Api;

/// <summary>
/// What the generated OpenAPI document cannot know from the endpoints alone: the two ways to authenticate (an API key
/// as a bearer token; the browser session's cookie), where the API lives, and the answers every operation may give
/// besides its own (401, 403, 404, 429, 503), all problem details.
/// </summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public const string Bearer = "apiKey";
    public const string Session = "session";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "TenantSite API";
        document.Info.Description =
            "One organization's projects and tasks. Call it on the organization's host (https://{slug}.{root}/api/v1/...) or " +
            "below its path (https://{root}/org/{slug}/api/v1/...). Authenticate with an API key created on the organization's " +
            "settings page, as `Authorization: Bearer ts_...`: a key works only for its own organization (any other answers 404). " +
            "A signed-in browser session works too; its writes need the antiforgery token in the RequestVerificationToken header. " +
            "Errors are RFC 9457 problem details. Updates and deletes honour If-Match with the ETag of a previous response.";
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "ts_<prefix>_<secret>",
                Description = "An API key of the organization, with the permissions of its role (member or viewer).",
            },
            [Session] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "tenantsite.auth",
                Description = "The browser's signed-in session (" + CookieAuthenticationDefaults.AuthenticationScheme +
                              "), with the permissions of the member's role. Writes also need the RequestVerificationToken header.",
            },
        };
        // Either one: two requirement objects are alternatives.
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Session, document)] = [] },
        ];
        return Task.CompletedTask;
    }

    /// <summary>The answers of the layers in front of every operation, so that each operation lists every status it can get.</summary>
    public static Task DescribeCommonResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= new OpenApiResponses();
        Add(operation, context, "400", "Malformed request (body, query, If-Match, or a session's missing antiforgery token)");
        Add(operation, context, "401", "No credentials, or an API key that is malformed, unknown or revoked");
        Add(operation, context, "403", "The key's or member's role lacks the permission");
        Add(operation, context, "404", "No such organization, not a member of it (or another organization's key), or no such resource");
        Add(operation, context, "429", "Too many requests for this key or user; see Retry-After");
        Add(operation, context, "503", "The database is unavailable; see Retry-After");
        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            if (existing is OpenApiResponse response && string.IsNullOrEmpty(response.Description)) response.Description = description;
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document) },
            },
        };
    }
}
