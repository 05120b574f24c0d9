using System.Diagnostics.CodeAnalysis;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Tenancy;

/// <summary>
/// An organization as a tenant. The organization's key is a uuid, Finbuckle's tenant id a string: this constructor is
/// the one place that converts, and the app reads <see cref="OrganizationId"/>. Immutable, so the cache can share it.
/// </summary>
public sealed class OrganizationTenantInfo : TenantInfo
{
    /// <summary>The organization <paramref name="organizationId"/> with its slug and name.</summary>
    [SetsRequiredMembers]
    public OrganizationTenantInfo(Guid organizationId, string slug, string name)
    {
        OrganizationId = organizationId;
        Id = organizationId.ToString("D");
        Identifier = slug;
        Name = name;
    }

    /// <summary>The organization's primary key (<see cref="TenantInfo.Id"/> as a <see cref="Guid"/>).</summary>
    public Guid OrganizationId { get; }
}
