using TenantSite.Tenancy;
using TenantSite.Tenancy.MultiTenant.Abstractions;

namespace TenantSite.Cli;

/// <summary>
/// <c>seed-demo</c>: idempotent demo data, written as the runtime role through the same tenant hand-over as a
/// request (so seeding also exercises RLS). Users are keyed by the development provider's issuer.
/// </summary>
public static class SeedDemoCommand
{
    private sealed record DemoUser(string Login, string Name);
    private sealed record DemoOrg(string Slug, string Name, string Owner, (string Login, string Role)[] Members,
        (string Project, string[] Tasks)[] Projects);

    private static readonly DemoUser[] Users = [new("alice", "Alice Anderson"), new("bob", "Bob Brown"), new("carol", "Carol Clark")];

    private static readonly DemoOrg[] Orgs =
    [
        new("acme", "Acme Inc", "alice", [("bob", Roles.Member)],
        [
            ("Website relaunch", ["Pick a colour scheme", "Write the copy", "Launch"]),
            ("Rocket skates", ["Order parts", "Safety review"]),
            ("Q3 planning", []),
        ]),
        new("globex", "Globex", "carol", [("bob", Roles.Viewer)],
        [
            ("Hammock district", ["Survey the site", "Hire contractors"]),
            ("Magma research", ["Collect samples"]),
        ]),
    ];

    public static async Task RunAsync(IServiceProvider services, IConfiguration configuration, ILogger logger,
        CancellationToken cancellationToken)
    {
        var issuer = (configuration["Oidc:Authority"] ?? "http://127.0.0.1:5556").TrimEnd('/');
        var userIds = new Dictionary<string, Guid>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var user in Users)
                userIds[user.Login] = await db.UpsertUserAsync(issuer, user.Login, $"{user.Login}@example.com", user.Name,
                    emailVerified: true, cancellationToken);
        }

        foreach (var org in Orgs)
        {
            await using var scope = services.CreateAsyncScope();
            var dataScope = scope.ServiceProvider.GetRequiredService<DataScope>();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<IMultiTenantStore<OrganizationTenantInfo>>();

            dataScope.SetUser(userIds[org.Owner]);
            var existing = (await store.GetByIdentifierAsync(org.Slug))?.OrganizationId;
            var id = existing ?? await db.CreateOrganizationAsync(org.Name, org.Slug, cancellationToken);
            scope.ServiceProvider.GetRequiredService<ITenantCache>().Invalidate(org.Slug);
            dataScope.EnterOrganization(id);
            // Enterprise, whose limits nothing reaches (tests add projects and members to the demo organizations freely);
            // only when created, so that a plan changed on the billing page stays as chosen.
            if (existing is null)
                await db.Organizations.Where(o => o.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.Plan, Plans.Enterprise), cancellationToken);

            var members = await db.Members.Select(m => m.UserId).ToListAsync(cancellationToken);
            foreach (var (login, role) in org.Members.Where(m => !members.Contains(userIds[m.Login])))
                db.Members.Add(new OrganizationMember { UserId = userIds[login], Role = role });

            if (!await db.Projects.AnyAsync(cancellationToken))
            {
                // One transaction gives every row the same now(): a minute apart, newest first, they list as written.
                var now = DateTimeOffset.UtcNow;
                foreach (var ((name, tasks), i) in org.Projects.Select((p, i) => (p, i)))
                {
                    var project = new Project { Name = name, CreatedAt = now.AddMinutes(-i) };
                    project.Tasks.AddRange(tasks.Select((t, i) => new TaskItem { Title = t, Completed = i == 0 }));
                    db.Projects.Add(project);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Demo organization {Slug} ready.", org.Slug);
        }
    }
}
