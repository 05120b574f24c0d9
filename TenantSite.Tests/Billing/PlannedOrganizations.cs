using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Billing;

/// <summary>An organization on a chosen plan, with its owner, as many members and projects as a limit test needs.</summary>
public sealed record PlannedOrganization(Guid Id, string Slug, Guid Owner, IReadOnlyList<Guid> Members)
{
    public string Host => $"{Slug}.localhost";

    /// <summary>
    /// Creates it on <paramref name="plan"/> with an owner, then <paramref name="members"/> members in all (the owner
    /// included; further ones are admin, member, viewer, then members) and <paramref name="projects"/> projects.
    /// </summary>
    public static async Task<PlannedOrganization> CreateAsync(string admin, string plan, int projects, int members = 1)
    {
        var slug = TestOrganizations.NewSlug(plan);
        var users = new List<(Guid, string)>();
        for (var i = 0; i < members; i++)
        {
            var role = i switch { 0 => Roles.Owner, 1 => Roles.Admin, 2 => Roles.Member, 3 => Roles.Viewer, _ => Roles.Member };
            users.Add((await TestOrganizations.CreateUserAsync(admin, $"{slug}-{i}", $"User {i}"), role));
        }
        var id = await TestOrganizations.CreateOnPlanAsync(admin, slug, plan, [.. users]);
        for (var i = 0; i < projects; i++) await TestOrganizations.CreateProjectAsync(admin, id, $"Project {i + 1}", []);
        return new PlannedOrganization(id, slug, users[0].Item1, [.. users.Select(u => u.Item1)]);
    }

    public Task<long> ProjectCountAsync(string admin) =>
        TestOrganizations.ScalarAsync<long>(admin, "SELECT count(*) FROM projects WHERE organization_id = $1", Id);

    public Task<long> MemberCountAsync(string admin) =>
        TestOrganizations.ScalarAsync<long>(admin, "SELECT count(*) FROM organization_members WHERE organization_id = $1", Id);

    public Task<string> PlanAsync(string admin) =>
        TestOrganizations.ScalarAsync<string>(admin, "SELECT plan FROM organizations WHERE id = $1", Id);
}
