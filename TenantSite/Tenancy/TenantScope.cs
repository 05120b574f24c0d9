namespace TenantSite.Tenancy;

/// <summary>Where an endpoint may run.</summary>
public enum TenantScope
{
    /// <summary>Only inside a resolved tenant (<c>Pages/Org/**</c>).</summary>
    Tenant,
    /// <summary>Only on the root domain, outside any tenant (landing, onboarding).</summary>
    Root,
}

/// <summary>Endpoint metadata read by <see cref="TenantScopeMatcherPolicy"/>. Endpoints without it run anywhere.</summary>
public sealed record TenantScopeMetadata(TenantScope Scope);
