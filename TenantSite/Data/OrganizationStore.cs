using Npgsql;
using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Data;

/// <summary>
/// The tenant store: resolves a slug before any tenant is set, through the narrow SECURITY DEFINER function
/// <c>tenantsite_resolve_organization</c> (the runtime role cannot read organizations it is not a member of). It only
/// reads: organizations are created by onboarding and changed by their owners, through the data layer, and listing
/// every organization is exactly what the runtime role must not be able to do.
/// </summary>
public sealed class OrganizationStore(NpgsqlDataSource dataSource) : IMultiTenantStore<OrganizationTenantInfo>
{
    private const string ReadOnly = "Organizations change through the data layer (onboarding, settings), not through the tenant store.";

    /// <inheritdoc />
    public async Task<OrganizationTenantInfo?> GetByIdentifierAsync(string identifier)
    {
        await using var command = dataSource.CreateCommand("SELECT id, slug, name FROM tenantsite_resolve_organization($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = identifier });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new OrganizationTenantInfo(reader.GetGuid(0), reader.GetString(1), reader.GetString(2))
            : null;
    }

    /// <inheritdoc />
    public Task<OrganizationTenantInfo?> GetAsync(string id) =>
        throw new NotSupportedException("Tenants are resolved by slug only; no definer function looks an organization up by id.");

    /// <inheritdoc />
    public Task<IEnumerable<OrganizationTenantInfo>> GetAllAsync() =>
        throw new NotSupportedException("The runtime role cannot list organizations, by design.");

    /// <inheritdoc />
    public Task<IEnumerable<OrganizationTenantInfo>> GetAllAsync(int take, int skip) => GetAllAsync();

    /// <inheritdoc />
    public Task<bool> AddAsync(OrganizationTenantInfo tenantInfo) => throw new NotSupportedException(ReadOnly);

    /// <inheritdoc />
    public Task<bool> UpdateAsync(OrganizationTenantInfo tenantInfo) => throw new NotSupportedException(ReadOnly);

    /// <inheritdoc />
    public Task<bool> RemoveAsync(string identifier) => throw new NotSupportedException(ReadOnly);
}
