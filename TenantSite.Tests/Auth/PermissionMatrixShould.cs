using System.Net;
using TenantSite.Auth;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Auth;

/// <summary>
/// The role × permission matrix, enforced on real pages: for each role, one real write per permission, answered
/// 403 when the role lacks it, and not refused for lack of permission when it has it.
/// </summary>
public sealed class PermissionMatrixShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    public static TheoryData<string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, bool>();
        var expected = new Dictionary<string, string[]>
        {
            [Roles.Owner] = Permissions.All,
            [Roles.Admin] = [Permissions.ReadProjects, Permissions.WriteProjects, Permissions.DeleteProjects, Permissions.ManageMembers, Permissions.ManageSettings,
                Permissions.ReadActivity],
            [Roles.Member] = [Permissions.ReadProjects, Permissions.WriteProjects],
            [Roles.Viewer] = [Permissions.ReadProjects],
        };
        foreach (var role in Roles.All)
            foreach (var permission in Permissions.All.Except([Permissions.DeleteOrganization]))
                data.Add(role, permission, expected[role].Contains(permission));
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void GrantExactlyTheSeedsPermissions(string role, string permission, bool granted) =>
        Assert.Equal(granted, Permissions.Has(role, permission));

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EnforceThePermissionOnARealPage(string role, string permission, bool granted)
    {
        if (permission == Permissions.ManageBilling) return; // no billing page exists; the unit row above covers it
        var slug = TestOrganizations.NewSlug("m");
        var owner = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "owner-" + Guid.NewGuid().ToString("N")[..8]);
        var user = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "user-" + Guid.NewGuid().ToString("N")[..8]);
        var other = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, "other-" + Guid.NewGuid().ToString("N")[..8]);
        var org = await TestOrganizations.CreateAsync(app.AdminConnectionString, slug, (owner, Roles.Owner), (user, role), (other, Roles.Viewer));
        var project = await TestOrganizations.CreateProjectAsync(app.AdminConnectionString, org, "Matrix", ["t"]);
        var client = app.ClientFor($"{slug}.localhost", user);

        var status = permission switch
        {
            Permissions.ReadProjects => (await client.GetAsync($"/projects/{project}", TestContext.Current.CancellationToken)).StatusCode,
            Permissions.WriteProjects => (await (await Session(client, "/")).PostFormAsync("Create", new() { ["Name"] = "By " + role }, htmx: true)).StatusCode,
            Permissions.DeleteProjects => (await (await Session(client, "/")).PostFormAsync("Delete", htmx: true, query: $"id={project}")).StatusCode,
            Permissions.ManageMembers => (await (await Session(client, "/members"))
                .PostFormAsync("Remove", new() { ["userId"] = other.ToString(), ["SeenRole"] = Roles.Viewer }, htmx: true)).StatusCode,
            Permissions.ManageSettings => (await client.GetAsync("/settings", TestContext.Current.CancellationToken)).StatusCode,
            Permissions.ReadActivity => (await client.GetAsync("/activity", TestContext.Current.CancellationToken)).StatusCode,
            _ => throw new ArgumentOutOfRangeException(nameof(permission)),
        };

        if (granted) Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{role} {permission}: {status}");
        else Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    private static Task<PageSession> Session(HttpClient client, string path) => PageSession.OpenAsync(client, path);
}
