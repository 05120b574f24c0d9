namespace TenantSite.Tenancy;

/// <summary>An organization as a tenant: immutable, so a cached instance can be shared across requests.</summary>
public sealed record OrganizationTenantInfo(Guid Id, string Identifier, string Name) : ITenantInfo;
