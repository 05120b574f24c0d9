using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TenantSite.Api.V1;

namespace TenantSite.Api;

/// <summary>
/// What the schemas cannot say from the C# types alone: an example of each body, and that a task's changes need at
/// least one field. Required and nullable come from the records themselves (a parameter without a default is
/// required; only <c>string?</c> may be null), bounds and descriptions from their attributes.
/// </summary>
public static class ApiSchemas
{
    private static readonly Dictionary<Type, JsonNode> Examples = new()
    {
        [typeof(ProjectResource)] = Project(),
        [typeof(TaskResource)] = Task(),
        [typeof(Page<ProjectResource>)] = new JsonObject { ["items"] = new JsonArray(Project()), ["nextCursor"] = "AZPxs9xQfXOf1b3fY4wcbg" },
        [typeof(Page<TaskResource>)] = new JsonObject { ["items"] = new JsonArray(Task()), ["nextCursor"] = null },
        [typeof(ProjectInput)] = new JsonObject { ["name"] = "Example project" },
        [typeof(NewTaskInput)] = new JsonObject { ["title"] = "Example task" },
        [typeof(TaskChanges)] = new JsonObject { ["completed"] = true },
    };

    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Properties get their own schema too; only a type's own (not one of its properties') is described here.
        if (context.JsonPropertyInfo is not null) return System.Threading.Tasks.Task.CompletedTask;
        if (Examples.TryGetValue(context.JsonTypeInfo.Type, out var example)) schema.Examples = [example.DeepClone()];
        if (context.JsonTypeInfo.Type == typeof(TaskChanges)) schema.MinProperties = 1;
        // Every problem this API answers has a title and its status (ApiProblems). A 400 lists fields under errors when
        // they were the trouble, and has none for a malformed request (If-Match, query string, a missing token).
        if (context.JsonTypeInfo.Type == typeof(ProblemDetails) || context.JsonTypeInfo.Type == typeof(HttpValidationProblemDetails))
            schema.Required = new HashSet<string> { "title", "status" };
        return System.Threading.Tasks.Task.CompletedTask;
    }

    private static JsonObject Project() => new()
    {
        ["id"] = "0193f1b3-dc50-7d73-9fd5-bddf638c1c6e",
        ["name"] = "Example project",
        ["createdAt"] = "2026-11-02T09:14:03.512+00:00",
        ["updatedAt"] = "2026-11-05T16:40:11.004+00:00",
    };

    private static JsonObject Task() => new()
    {
        ["id"] = "0193f1b4-0a2e-7b1c-8d02-6f0f1e8a9c55",
        ["projectId"] = "0193f1b3-dc50-7d73-9fd5-bddf638c1c6e",
        ["title"] = "Example task",
        ["completed"] = false,
        ["createdAt"] = "2026-11-02T09:15:40.100+00:00",
        ["updatedAt"] = "2026-11-02T09:15:40.100+00:00",
    };
}
