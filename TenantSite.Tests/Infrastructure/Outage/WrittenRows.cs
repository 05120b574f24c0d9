using Npgsql;

namespace TenantSite.Tests.Infrastructure.Outage;

/// <summary>What the load left in the database, read as the superuser, held against what the app acknowledged.</summary>
public sealed class WrittenRows(string adminConnectionString)
{
    /// <summary>
    /// Every acknowledged write is there, in its tenant; no write is half there. A failed write may still be there in
    /// whole: a commit that the shutdown cut off from its answer (the client cannot know); never in part.
    /// </summary>
    public async Task AssertWholeAsync(IReadOnlyList<Attempt> attempts)
    {
        var source = AdminSources.For(adminConnectionString);
        await using var connection = await source.OpenConnectionAsync();
        var projects = (await Sql.ReadAsync(connection, """
            SELECT o.slug, p.name FROM projects p JOIN organizations o ON o.id = p.organization_id WHERE p.name LIKE '% load project %'
            """)).Select(r => (Tenant: (string)r[0]!, Name: (string)r[1]!)).ToArray();
        var organizations = (await Sql.ReadAsync(connection, """
            SELECT o.slug, count(m.user_id), count(m.user_id) FILTER (WHERE m.role = 'owner')
            FROM organizations o LEFT JOIN organization_members m ON m.organization_id = o.id
            WHERE o.slug LIKE 'load-%' GROUP BY o.slug
            """)).ToDictionary(r => (string)r[0]!, r => (Members: (long)r[1]!, Owners: (long)r[2]!));

        var acknowledged = attempts.Where(a => a.Succeeded).ToArray();
        Assert.NotEmpty(acknowledged);
        foreach (var attempt in acknowledged.Where(a => a.Kind == "project"))
            Assert.True(projects.Count(p => p.Name == attempt.Name && p.Tenant == attempt.Tenant) == 1, $"missing or doubled: {attempt}");
        foreach (var attempt in acknowledged.Where(a => a.Kind == "organization"))
            Assert.True(organizations.ContainsKey(attempt.Name), $"missing: {attempt}");

        Assert.All(projects, p => Assert.StartsWith($"{p.Tenant} load project ", p.Name));
        Assert.Equal(projects.Length, projects.Distinct().Count());
        // An organization and its owner are written together (tenantsite_create_organization), or not at all.
        Assert.All(organizations, o => Assert.True(o.Value is (1, 1), $"{o.Key}: {o.Value.Members} members, {o.Value.Owners} owners"));

        var failedYetThere = attempts.Count(a => !a.Succeeded &&
            (a.Kind == "project" ? projects.Any(p => p.Name == a.Name) : organizations.ContainsKey(a.Name)));
        TestContext.Current.TestOutputHelper?.WriteLine($"{failedYetThere} failed writes were committed in whole all the same");
    }
}
