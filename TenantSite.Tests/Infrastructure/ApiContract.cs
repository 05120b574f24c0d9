using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Xunit.Sdk;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Every test's API exchange held against the published document (TenantSite/Api/openapi.v1.json) by a JSON Schema
/// validator that shares no code with the app: the answer's status must be one the operation lists, its body must
/// match that status's schema, and a request the API accepted (2xx) must have been one the document allows. A drift
/// between code and document fails the test that saw it. Test hosts' clients send through <see cref="Handler"/>.
/// </summary>
public static class ApiContract
{
    private static readonly Lazy<Document> Published = new(() => new Document(
        File.ReadAllText(Path.Combine(DevIdp.RepositoryRoot(), "TenantSite", "Api", "openapi.v1.json"))));

    /// <summary>A handler that checks each API exchange passing through it (other requests pass unchecked).</summary>
    public static DelegatingHandler Handler(HttpMessageHandler? inner = null) => inner is null ? new Check() : new Check { InnerHandler = inner };

    /// <summary>What is wrong with this exchange by the document; empty when it keeps to it.</summary>
    public static IReadOnlyList<string> Violations(HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string responseBody) =>
        Published.Value.Violations(request, requestBody, response, responseBody);

    private sealed class Check : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!Document.IsApi(request.RequestUri!)) return await base.SendAsync(request, cancellationToken);
            var requestBody = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            // A live stream or any body still coming is not the API's; the API answers whole JSON documents.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var responseBody = await response.Content.ReadAsStringAsync(cancellationToken);
            if (Violations(request, requestBody, response, responseBody) is { Count: > 0 } violations)
                throw new XunitException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} outside the published API " +
                                         $"document (TenantSite/Api/openapi.v1.json):\n  {string.Join("\n  ", violations)}");
            return response;
        }
    }

    private sealed class Document
    {
        // The API below a tenant's host or its path: /org/{slug} is the path mode's base.
        private static readonly Regex ApiPath = new(@"^(?:/org/[^/]+)?(?<path>/api/v1(?:/.*)?)$", RegexOptions.CultureInvariant);

        private readonly JsonNode _document;
        private readonly string _definitions;
        private readonly List<(Regex Path, JsonObject Item)> _paths;
        private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

        public Document(string text)
        {
            _document = JsonNode.Parse(text)!;
            _definitions = _document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            _paths = _document["paths"]!.AsObject()
                .Select(p => (new Regex("^" + Regex.Replace(Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant), p.Value!.AsObject()))
                .ToList();
        }

        public static bool IsApi(Uri uri) => ApiPath.IsMatch(uri.AbsolutePath);

        public IReadOnlyList<string> Violations(HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string responseBody)
        {
            // Routing takes /projects/ for /projects, as it does every path: the document names the one form.
            var path = ApiPath.Match(request.RequestUri!.AbsolutePath).Groups["path"].Value.TrimEnd('/');
            var item = _paths.FirstOrDefault(p => p.Path.IsMatch(path)).Item;
            var status = (int)response.StatusCode;
            // An address or method the API does not have: the document promises nothing but that it is no success.
            if (item?[request.Method.Method.ToLowerInvariant()] is not JsonObject operation)
                return status is >= 200 and < 300 ? [$"{request.Method} {path} succeeded, but the document has no such operation"] : [];

            var violations = new List<string>();
            var name = operation["operationId"]?.GetValue<string>() ?? $"{request.Method} {path}";
            if (operation["responses"]?[status.ToString(CultureInfo.InvariantCulture)] is not JsonObject documented)
                return [$"{name}: status {status} is not among the operation's responses"];

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (documented["content"] is JsonObject content)
            {
                if (mediaType is null || content[mediaType]?["schema"] is not JsonNode schema)
                    violations.Add($"{name} {status}: content type {mediaType ?? "(none)"}, the document says {string.Join(" or ", content.Select(c => c.Key))}");
                else
                    violations.AddRange(Validate(schema, responseBody, $"{name} {status} body"));
            }
            else if (responseBody.Length > 0)
            {
                violations.Add($"{name} {status}: a body the document does not describe ({mediaType})");
            }

            // A request the API accepted must have been one the document allows.
            if (status is >= 200 and < 300)
            {
                violations.AddRange(QueryViolations(operation, request.RequestUri, name));
                if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonNode bodySchema && requestBody is not null)
                    violations.AddRange(Validate(bodySchema, requestBody, $"{name} request body (accepted with {status})"));
            }
            return violations;
        }

        private IEnumerable<string> Validate(JsonNode schemaNode, string json, string what)
        {
            JsonElement instance;
            try
            {
                instance = JsonDocument.Parse(json).RootElement;
            }
            catch (JsonException e)
            {
                return [$"{what} is not JSON: {e.Message}"];
            }
            var schema = _schemas.GetOrAdd(schemaNode.GetPath() + schemaNode.ToJsonString(), _ => JsonSchema.FromText(
                $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{_definitions}},"allOf":[{{schemaNode.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal)}}]}"""));
            var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (result.IsValid) return [];
            return (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{what} at {d.InstanceLocation}: {e.Value}"))
                .DefaultIfEmpty($"{what} does not match its schema")
                .Take(5);
        }

        private static IEnumerable<string> QueryViolations(JsonObject operation, Uri uri, string name)
        {
            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            foreach (var parameter in operation["parameters"]?.AsArray().OfType<JsonObject>().Where(p => p["in"]?.GetValue<string>() == "query") ?? [])
            {
                var key = parameter["name"]!.GetValue<string>();
                if (query[key] is not { } value) continue;
                var schema = parameter["schema"]!;
                var type = schema["type"]?.GetValue<string>();
                var fits = type switch
                {
                    "integer" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                                 && (schema["minimum"] is not { } min || number >= long.Parse(min.ToString(), CultureInfo.InvariantCulture))
                                 && (schema["maximum"] is not { } max || number <= long.Parse(max.ToString(), CultureInfo.InvariantCulture)),
                    "boolean" => bool.TryParse(value, out _),
                    _ => true,
                };
                if (!fits) yield return $"{name}: query {key}={value} was accepted, but the document's schema refuses it";
            }
        }
    }
}
