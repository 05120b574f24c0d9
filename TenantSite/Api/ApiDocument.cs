using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TenantSite.Api;

/// <summary>
/// What the generated OpenAPI document cannot know from the endpoints alone: who runs the API and under which terms,
/// where it lives (an organization's host or path), the two ways to authenticate (an API key as a bearer token; the
/// browser session's cookie), the tags and the response headers the operations share.
/// </summary>
public sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public const string Bearer = "apiKey";
    public const string Session = "session";

    /// <summary>The allowance headers on every API answer to a key or a session (IETF draft-ietf-httpapi-ratelimit-headers).</summary>
    public static readonly string[] RateLimitHeaders = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "TenantSite API";
        document.Info.Description =
            "One organization's projects and tasks. Call it on the organization's host (https://{organization}.{rootDomain}/api/v1/...) " +
            "or below its path (https://{rootDomain}/org/{organization}/api/v1/...). Authenticate with an API key created on the " +
            "organization's settings page, as `Authorization: Bearer ts_...`: a key works only for its own organization (any other " +
            "answers 404). A signed-in browser session works too; its writes need the antiforgery token in the RequestVerificationToken " +
            "header. Errors are RFC 9457 problem details. Updates and deletes honour If-Match with the ETag of a previous response. " +
            "Deprecation: an operation to be removed answers with `Deprecation` and `Sunset` headers at least six months before " +
            "it goes; v1 stays as long as any operation in it is not deprecated.";
        document.Info.Contact = new OpenApiContact { Name = "TenantSite", Url = new Uri("https://app.example/support") };
        document.Info.License = new OpenApiLicense { Name = "Proprietary: for the organization's own use under its agreement", Url = new Uri("https://app.example/terms") };
        document.Servers =
        [
            Server("https://{organization}.{rootDomain}", "The organization's own host."),
            Server("https://{rootDomain}/org/{organization}", "Below the organization's path on the root domain."),
        ];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Projects", Description = "The organization's projects: a name each, and the tasks below them." },
            new() { Name = "Tasks", Description = "A project's tasks: a title and whether each is done." },
        };

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
        document.Components.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["ETag"] = Header("The resource's entity tag: send it as If-Match to change or delete this version only.", JsonSchemaType.String),
            ["Location"] = Header("The address of the resource just created.", JsonSchemaType.String, "uri-reference"),
            ["Link"] = Header("RFC 8288 link to the next page (rel=\"next\"), when there is one; the same as nextCursor.", JsonSchemaType.String),
            [Idempotency.ReplayedHeader] = Header("true when this is the stored answer to an earlier request with the same Idempotency-Key.", JsonSchemaType.Boolean),
            ["Retry-After"] = Header("Seconds to wait before trying again.", JsonSchemaType.Integer),
            ["RateLimit-Limit"] = Header("The caller's allowance: the requests an API key may make at once (its per-minute allowance), or a " +
                                         "signed-in session's writes.", JsonSchemaType.Integer),
            ["RateLimit-Remaining"] = Header("How many of them the caller may still make now.", JsonSchemaType.Integer),
            ["RateLimit-Reset"] = Header("Seconds until the caller's whole allowance is back.", JsonSchemaType.Integer),
        };
        return Task.CompletedTask;
    }

    private static OpenApiServer Server(string url, string description) => new()
    {
        Url = url,
        Description = description,
        Variables = new Dictionary<string, OpenApiServerVariable>
        {
            ["organization"] = new() { Default = "your-organization", Description = "The organization's slug." },
            ["rootDomain"] = new() { Default = "app.example", Description = "The deployment's root domain (Tenancy:RootDomain)." },
        },
    };

    private static OpenApiHeader Header(string description, JsonSchemaType type, string? format = null) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = type, Format = format },
    };
}
