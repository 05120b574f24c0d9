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

    // Read once, before any test sends: JsonNode is not safe to read from parallel requests, so everything a check
    // needs is taken out of it here, and the schemas compiled.
    private sealed class Document
    {
        // The API below a tenant's host or its path: /org/{slug} is the path mode's base.
        private static readonly Regex ApiPath = new(@"^(?:/org/[^/]+)?(?<path>/api/v1(?:/.*)?)$", RegexOptions.CultureInvariant);

        private readonly List<(Regex Path, Dictionary<string, Operation> Operations)> _paths = [];

        public Document(string text)
        {
            var document = JsonNode.Parse(text)!;
            var definitions = document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            var compiled = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
            JsonSchema Compile(JsonNode schema)
            {
                var json = schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                if (!compiled.TryGetValue(json, out var built))
                    compiled[json] = built = JsonSchema.FromText(
                        $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{definitions}},"allOf":[{{json}}]}""");
                return built;
            }

            foreach (var (template, item) in document["paths"]!.AsObject())
            {
                var pattern = new Regex("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$", RegexOptions.CultureInvariant);
                var operations = new Dictionary<string, Operation>(StringComparer.OrdinalIgnoreCase);
                foreach (var (method, node) in item!.AsObject())
                {
                    var responses = node!["responses"]!.AsObject().ToDictionary(
                        r => r.Key,
                        r => r.Value!["content"]?.AsObject().ToDictionary(c => c.Key, c => Compile(c.Value!["schema"]!), StringComparer.OrdinalIgnoreCase));
                    var query = node["parameters"]?.AsArray().OfType<JsonObject>()
                        .Where(p => p["in"]?.GetValue<string>() == "query")
                        .Select(p => new QueryParameter(p["name"]!.GetValue<string>(), p["schema"]?["type"]?.GetValue<string>(),
                            p["schema"]?["minimum"] is { } min ? long.Parse(min.ToString(), CultureInfo.InvariantCulture) : null,
                            p["schema"]?["maximum"] is { } max ? long.Parse(max.ToString(), CultureInfo.InvariantCulture) : null))
                        .ToList() ?? [];
                    var body = node["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Compile(schema) : null;
                    operations[method] = new Operation(node["operationId"]?.GetValue<string>() ?? $"{method.ToUpperInvariant()} {template}", responses, query, body);
                }
                _paths.Add((pattern, operations));
            }
        }

        public static bool IsApi(Uri uri) => ApiPath.IsMatch(uri.AbsolutePath);

        public IReadOnlyList<string> Violations(HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string responseBody)
        {
            // Routing takes /projects/ for /projects, as it does every path: the document names the one form.
            var path = ApiPath.Match(request.RequestUri!.AbsolutePath).Groups["path"].Value.TrimEnd('/');
            var operations = _paths.FirstOrDefault(p => p.Path.IsMatch(path)).Operations;
            var status = (int)response.StatusCode;
            // An address or method the API does not have: the document promises nothing but that it is no success.
            if (operations is null || !operations.TryGetValue(request.Method.Method, out var operation))
                return status is >= 200 and < 300 ? [$"{request.Method} {path} succeeded, but the document has no such operation"] : [];

            var name = operation.Name;
            if (!operation.Responses.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var content))
                return [$"{name}: status {status} is not among the operation's responses"];

            var violations = new List<string>();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (content is not null)
            {
                if (mediaType is null || !content.TryGetValue(mediaType, out var schema))
                    violations.Add($"{name} {status}: content type {mediaType ?? "(none)"}, the document says {string.Join(" or ", content.Keys)}");
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
                violations.AddRange(QueryViolations(operation, request.RequestUri));
                if (operation.Body is { } body && requestBody is not null)
                    violations.AddRange(Validate(body, requestBody, $"{name} request body (accepted with {status})"));
            }
            return violations;
        }

        private static IEnumerable<string> Validate(JsonSchema schema, string json, string what)
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
            var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (result.IsValid) return [];
            return (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{what} at {d.InstanceLocation}: {e.Value}"))
                .DefaultIfEmpty($"{what} does not match its schema")
                .Take(5)
                .ToList();
        }

        private static IEnumerable<string> QueryViolations(Operation operation, Uri uri)
        {
            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            foreach (var parameter in operation.Query)
            {
                if (query[parameter.Name] is not { } value) continue;
                var fits = parameter.Type switch
                {
                    "integer" => long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                                 && number >= (parameter.Minimum ?? long.MinValue) && number <= (parameter.Maximum ?? long.MaxValue),
                    "boolean" => bool.TryParse(value, out _),
                    _ => true,
                };
                if (!fits) yield return $"{operation.Name}: query {parameter.Name}={value} was accepted, but the document's schema refuses it";
            }
        }
    }

    private sealed record Operation(string Name, Dictionary<string, Dictionary<string, JsonSchema>?> Responses, List<QueryParameter> Query, JsonSchema? Body);

    private sealed record QueryParameter(string Name, string? Type, long? Minimum, long? Maximum);
}
