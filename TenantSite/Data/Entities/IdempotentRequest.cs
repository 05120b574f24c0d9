namespace TenantSite.Data.Entities;

/// <summary>
/// An API write sent with an <c>Idempotency-Key</c> (<c>Api/Idempotency.cs</c>): the key as its sender
/// (<see cref="Scope"/>: an API key or a user) named it, a hash of what was asked, and the answer, replayed to a retry
/// with the same key and request for 24 hours. Written in the same transaction as the write itself.
/// </summary>
public sealed class IdempotentRequest : ITenantOwned
{
    public Guid OrganizationId { get; set; }

    /// <summary>Whose key it is: <c>key:{api key id}</c> or <c>user:{user id}</c>; two senders' keys never meet.</summary>
    public required string Scope { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the method, the path and the request's body as the API read it.</summary>
    public required byte[] RequestHash { get; init; }

    /// <summary>The answer's status; null only inside the transaction that is making it.</summary>
    public int? Status { get; set; }

    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
