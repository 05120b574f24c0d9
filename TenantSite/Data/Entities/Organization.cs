namespace TenantSite.Data.Entities;

/// <summary>A tenant.</summary>
public sealed class Organization
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Plan { get; set; } = Plans.Free;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The values of <see cref="Organization.Plan"/>.</summary>
public static class Plans
{
    public const string Free = "free";
    public const string Pro = "pro";
    public const string Enterprise = "enterprise";
    public static readonly string[] All = [Free, Pro, Enterprise];
}
