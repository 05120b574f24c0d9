using TenantSite.Tests.Data;

namespace TenantSite.Tests.Infrastructure.Hosts;

/// <summary>The app through PgBouncer (transaction mode), with projects for a two-tenant load: acme's and globex's.</summary>
public sealed class TwoTenantLoadFactory(PostgresServer postgres) : TenantSiteFactory(postgres, new ThroughPgBouncer())
{
    public const int ProjectsPerTenant = 8;

    public IReadOnlyList<Guid> AcmeProjects { get; private set; } = [];
    public IReadOnlyList<Guid> GlobexProjects { get; private set; } = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        AcmeProjects = await CreateProjectsAsync(Demo.Acme, TwoTenantLoadShould.Acme.Marker);
        GlobexProjects = await CreateProjectsAsync(Demo.Globex, TwoTenantLoadShould.Globex.Marker);
    }

    private async Task<IReadOnlyList<Guid>> CreateProjectsAsync(Guid organization, string marker)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < ProjectsPerTenant; i++)
            ids.Add(await TestOrganizations.CreateProjectAsync(AdminConnectionString, organization, $"{marker} project {i}", [$"{marker} seed {i}"]));
        return ids;
    }
}
