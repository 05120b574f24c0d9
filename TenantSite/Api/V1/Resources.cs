using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace TenantSite.Api.V1;

// What the API reads and shows. The attributes are the published document's (Api/ApiSchemas.cs adds the rest); the
// commands (Org/) judge what a body says, so a null or over-long name gets the same 400 as on the pages.

/// <summary>A project, as the API shows it. Its entity tag is sent as the ETag header, not in the body.</summary>
public sealed record ProjectResource(
    [property: Description("The project's id.")] Guid Id,
    [property: Description("The project's name: one line, 1 to 100 characters.")] string Name,
    [property: Description("When it was created.")] DateTimeOffset CreatedAt,
    [property: Description("When its name last changed (its creation time until then).")] DateTimeOffset UpdatedAt);

/// <summary>A task, as the API shows it. Its entity tag is sent as the ETag header, not in the body.</summary>
public sealed record TaskResource(
    [property: Description("The task's id.")] Guid Id,
    [property: Description("The id of the project the task belongs to.")] Guid ProjectId,
    [property: Description("The task's title: one line, 1 to 200 characters.")] string Title,
    [property: Description("Whether the task is done.")] bool Completed,
    [property: Description("When it was created.")] DateTimeOffset CreatedAt,
    [property: Description("When its title or completion last changed (its creation time until then).")] DateTimeOffset UpdatedAt);

/// <summary>One page of a list, oldest id first.</summary>
public sealed record Page<T>(
    [property: Description("Up to limit items.")] IReadOnlyList<T> Items,
    [property: Description("Pass as cursor to fetch the next page; null on the last page. Opaque: send it back unchanged.")]
    string? NextCursor);

/// <summary>The body that creates or renames a project. Unknown fields are refused, so a misspelt one is not ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ProjectInput(
    [property: Description("The project's name: one line; surrounding spaces are trimmed.")]
    [property: StringLength(Project.MaxNameLength, MinimumLength = 1)] string Name);

/// <summary>The body that creates a task. Unknown fields are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NewTaskInput(
    [property: Description("The task's title: one line; surrounding spaces are trimmed.")]
    [property: StringLength(TaskItem.MaxTitleLength, MinimumLength = 1)] string Title);

/// <summary>The body that changes a task: either field, or both; a field left out (or null) stays as it is. Unknown fields are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskChanges(
    [property: Description("The new title: one line; surrounding spaces are trimmed. Null or absent: unchanged.")]
    [property: StringLength(TaskItem.MaxTitleLength, MinimumLength = 1)] string? Title = null,
    [property: Description("True to mark the task done, false to reopen it. Null or absent: unchanged.")] bool? Completed = null);
