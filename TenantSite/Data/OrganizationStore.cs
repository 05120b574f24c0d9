using Npgsql;
using TenantSite.Tenancy;

namespace TenantSite.Data;

/// <summary>
/// The tenant store: resolves a slug before any tenant is set, through the narrow SECURITY DEFINER function
/// <c>tenantsite_resolve_organization</c> (the runtime role cannot read organizations it is not a member of).
/// </summary>
public sealed class OrganizationStore(NpgsqlDataSource dataSource) : IMultiTenantStore
{
    /// <inheritdoc />
    public async Task<OrganizationTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, slug, name FROM tenantsite_resolve_organization($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = identifier });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OrganizationTenantInfo(reader.GetGuid(0), reader.GetString(1), reader.GetString(2))
            : null;
    }
}
