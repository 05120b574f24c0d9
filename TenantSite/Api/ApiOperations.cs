using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TenantSite.Api;

/// <summary>
/// What every operation's description needs besides what its endpoint declares: the query parameters as the API reads
/// them (they bind as text so that one 400 can list every mistake), <c>If-Match</c>, the headers of each answer, and
/// the answers of the layers in front of every operation (authentication, authorization, limits, the database).
/// </summary>
public static class ApiOperations
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var method = context.Description.HttpMethod ?? "GET";
        DescribeParameters(operation, method);

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse success || !status.StartsWith('2')) continue;
            success.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status is "200" or "201" && !IsList(context)) success.Headers["ETag"] = new OpenApiHeaderReference("ETag", document);
            if (status == "201") success.Headers["Location"] = new OpenApiHeaderReference("Location", document);
            if (IsList(context)) success.Headers["Link"] = new OpenApiHeaderReference("Link", document);
            if (method == "POST") success.Headers[Idempotency.ReplayedHeader] = new OpenApiHeaderReference(Idempotency.ReplayedHeader, document);
        }

        Add(operation, document, "400", "Malformed request (query, If-Match, or a session's missing antiforgery token), or invalid fields");
        Add(operation, document, "409", method == "POST"
            ? (operation.Responses.ContainsKey("409") ? "The organization's plan allows no more projects (the detail names its billing page), or " : "") +
              "the Idempotency-Key was used for a different request"
            : "The organization's plan allows no more projects; the detail names its billing page", always: method == "POST");
        Add(operation, document, "412", "The resource changed since the version If-Match names; nothing was changed");
        Add(operation, document, "401", "No credentials, or an API key that is malformed, unknown or revoked");
        Add(operation, document, "403", "The key's or member's role lacks the permission");
        Add(operation, document, "404", "No such organization, not a member of it (or another organization's key), or no such resource");
        if (operation.RequestBody is not null)
        {
            Add(operation, document, "413", "The body is larger than 64 KB");
            Add(operation, document, "415", "The body is not UTF-8 JSON");
        }
        Add(operation, document, "429", "Too many requests for this key or user; see Retry-After", retryAfter: true);
        Add(operation, document, "503", "The database is unavailable; see Retry-After", retryAfter: true);

        // Every answer to a key or a session carries its allowance (RateLimits/RateLimitExtensions.UseApiKeyRateLimit).
        foreach (var response in operation.Responses.Values.OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var header in ApiDocument.RateLimitHeaders) response.Headers[header] = new OpenApiHeaderReference(header, document);
        }
        return Task.CompletedTask;
    }

    private static bool IsList(OpenApiOperationTransformerContext context) =>
        context.Description.HttpMethod == "GET" && context.Description.ParameterDescriptions.Any(p => p.Name == "limit");

    private static void DescribeParameters(OpenApiOperation operation, string method)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            switch (parameter.Name)
            {
                case "id":
                    parameter.Description = "The resource's id, as the API showed it.";
                    break;
                case "limit":
                    parameter.Description = $"How many items at most: {ApiInput.DefaultLimit} when absent.";
                    parameter.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = ApiInput.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Default = JsonValue.Create(ApiInput.DefaultLimit),
                    };
                    break;
                case "cursor":
                    parameter.Description = "The nextCursor of the previous page, unchanged (opaque). Absent: the first page.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String };
                    break;
                case "completed":
                    parameter.Description = "Only done tasks (true) or only open ones (false). Absent: both.";
                    parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean };
                    break;
            }
        }
        if (method == "POST")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = Idempotency.Header,
                In = ParameterLocation.Header,
                Description = "Any string of 1 to 255 visible ASCII characters (a UUID is best), new for each new request: a retry with the " +
                              "same key and request within 24 hours gets the first answer again (with Idempotent-Replayed: true) and " +
                              "creates nothing; the same key with a different request is a 409. Keys are the sender's own.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[!-~]+$" },
                Example = JsonValue.Create("5f0c8d4e-3b8a-4f7e-9a53-2f3c1b7d9e10"),
            });
        }
        if (method is "PATCH" or "DELETE")
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Description = "The ETag of the version you saw (or *): if the resource changed since, the answer is 412 and nothing " +
                              "is changed. Absent: the change applies to whatever version is current.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Example = JsonValue.Create("\"48213\""),
            });
        }
    }

    // 409 and 412 only where the endpoint declares them (or always), the others on every operation.
    private static void Add(OpenApiOperation operation, OpenApiDocument document, string status, string description, bool retryAfter = false,
        bool always = false)
    {
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            if (existing is OpenApiResponse response) response.Description = description;
            return;
        }
        if (status is "409" or "412" && !always) return;
        var added = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
            },
        };
        if (retryAfter) added.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = new OpenApiHeaderReference("Retry-After", document) };
        operation.Responses[status] = added;
    }
}
