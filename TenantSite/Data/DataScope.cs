using System.Net;

namespace TenantSite.Data;

/// <summary>
/// Who the database work of one request (or one CLI unit of work) acts for. The organization is set only after
/// the tenant was resolved from the host or path AND the signed-in user's membership was confirmed — never from
/// client input. <see cref="AppDbContext"/> filters by it and <see cref="TenantCommandInterceptor"/> hands it to
/// PostgreSQL with every command.
/// </summary>
public sealed class DataScope
{
    /// <summary>The organization whose rows are visible and writable, or null (then no tenant rows are).</summary>
    public Guid? OrganizationId { get; private set; }

    /// <summary>The signed-in user (users.id), or null.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>The API key that authenticated the request instead of a user, or null.</summary>
    public ApiKeyGrant? ApiKey { get; private set; }

    /// <summary>
    /// The client address of the request (after the forwarded-headers step), for the audit log only: it attributes
    /// changes, it never decides what is visible.
    /// </summary>
    public IPAddress? ClientAddress { get; private set; }

    /// <summary>Records the request's client address; IPv4 mapped into IPv6 is recorded as the IPv4 address it is.</summary>
    public void SetClientAddress(IPAddress? address) =>
        ClientAddress = address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    /// <summary>Records the signed-in user.</summary>
    public void SetUser(Guid userId) => UserId = userId;

    /// <summary>Records the API key that authenticated the request; a request acts for a user or a key, never both.</summary>
    public void SetApiKey(ApiKeyGrant key)
    {
        if (UserId is not null) throw new InvalidOperationException("This scope already acts for a user.");
        ApiKey = key;
    }

    /// <summary>Enters an organization whose membership was verified. Switching to another one in the same scope is a bug.</summary>
    public void EnterOrganization(Guid organizationId)
    {
        if (OrganizationId is { } current && current != organizationId)
            throw new InvalidOperationException("This scope already acts for another organization.");
        OrganizationId = organizationId;
    }
}

/// <summary>What an API key grants: its organization's data, with the permissions of its role.</summary>
public sealed record ApiKeyGrant(Guid KeyId, Guid OrganizationId, string Role);
