namespace TenantSite.Data.Entities;

/// <summary>A task in a project (table <c>tasks</c>; named TaskItem to stay clear of System.Threading.Tasks.Task).</summary>
public sealed class TaskItem : ITenantOwned, IVersioned
{
    /// <summary>The longest title a task may have, in characters.</summary>
    public const int MaxTitleLength = 200;

    public Guid OrganizationId { get; set; }
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProjectId { get; set; }
    public required string Title { get; set; }
    public bool Completed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's row version (<c>xmin</c>): changes with every write, whoever makes it. The API's ETag.</summary>
    public uint Version { get; set; }
    public Project? Project { get; set; }
}
