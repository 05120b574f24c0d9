namespace TenantSite.Data.Entities;

/// <summary>A row the API can update conditionally: its id and PostgreSQL's row version (<c>xmin</c>).</summary>
public interface IVersioned
{
    Guid Id { get; }

    /// <summary>Changes with every write of the row, whoever makes it.</summary>
    uint Version { get; }
}
