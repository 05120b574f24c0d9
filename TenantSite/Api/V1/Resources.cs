using System.Text.Json.Serialization;

namespace TenantSite.Api.V1;

/// <summary>A project, as the API shows it. Its <c>ETag</c> is sent as a header, not in the body.</summary>
public sealed record ProjectResource(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A task, as the API shows it.</summary>
public sealed record TaskResource(Guid Id, Guid ProjectId, string Title, bool Completed, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One page of a list, oldest first; <see cref="NextCursor"/> fetches the next one and is null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>The body that creates or renames a project. Unknown fields are refused, so a misspelt one is not ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProjectInput(string? Name);

/// <summary>The body that creates a task.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewTaskInput(string? Title);

/// <summary>The body that changes a task: either field, or both; a field left out stays as it is.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskChanges(string? Title, bool? Completed);
