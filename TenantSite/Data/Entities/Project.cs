namespace TenantSite.Data.Entities;

/// <summary>A project of one organization.</summary>
public sealed class Project : ITenantOwned, IVersioned
{
    /// <summary>The longest name a project may have, in characters.</summary>
    public const int MaxNameLength = 100;

    public Guid OrganizationId { get; set; }
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>PostgreSQL's row version (<c>xmin</c>): changes with every write, whoever makes it. The API's ETag.</summary>
    public uint Version { get; set; }
    public List<TaskItem> Tasks { get; } = [];
}
