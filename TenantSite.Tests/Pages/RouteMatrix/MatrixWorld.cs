using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Pages.RouteMatrix;

/// <summary>
/// One tenant's rows the matrix points at: a project with a task, a member other than the actors, an open invitation and
/// an active API key.
/// </summary>
public sealed record TenantRows(Guid Organization, string Slug, Guid Project, Guid Task, Guid Member, Guid Invitation, Guid ApiKey);

/// <summary>
/// The matrix's data, written as the superuser: the tenant under test (alpha) with a user in every role, another tenant
/// (bravo) whose owner is the non-member, and the six <see cref="Actors"/>. Requests that may change a row get fresh
/// rows of their own (<see cref="FreshProjectsAsync"/>), so that no request depends on another's order.
/// </summary>
public sealed class MatrixWorld
{
    private readonly string _admin;

    private MatrixWorld(string admin, TenantRows alpha, TenantRows bravo, IReadOnlyList<Actor> actors, IReadOnlyList<Actor> keyActors) =>
        (_admin, Alpha, Bravo, Actors, KeyActors) = (admin, alpha, bravo, actors, keyActors);

    /// <summary>The tenant every request is sent to.</summary>
    public TenantRows Alpha { get; }

    /// <summary>Another tenant: its ids are the "other tenant's ids", its owner is the non-member.</summary>
    public TenantRows Bravo { get; }

    /// <summary>Anonymous, non-member, viewer, member, admin and owner.</summary>
    public IReadOnlyList<Actor> Actors { get; }

    /// <summary>API clients: alpha's member and viewer keys, and a key of bravo's. The JSON API's routes get them too.</summary>
    public IReadOnlyList<Actor> KeyActors { get; }

    public static async Task<MatrixWorld> CreateAsync(string admin)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var alphaUsers = new Dictionary<string, Guid>();
        foreach (var role in Roles.All)
            alphaUsers[role] = await TestOrganizations.CreateUserAsync(admin, $"rm-{role}-{tag}", $"Alpha {role} {tag}");
        var bravoOwner = await TestOrganizations.CreateUserAsync(admin, $"rm-bravo-owner-{tag}", $"Bravo owner {tag}");

        var alpha = await CreateTenantAsync(admin, $"rm-alpha-{tag}", "Alpha", tag, alphaUsers.Select(u => (u.Value, u.Key)).ToArray());
        var bravo = await CreateTenantAsync(admin, $"rm-bravo-{tag}", "Bravo", tag, [(bravoOwner, Roles.Owner)]);

        var actors = new List<Actor>
        {
            new("anonymous", null, null, new HashSet<Guid>()),
            new("non-member", bravoOwner, null, new HashSet<Guid> { bravo.Organization }),
        };
        actors.AddRange(Roles.All.Reverse().Select(role => new Actor(role, alphaUsers[role], role, new HashSet<Guid> { alpha.Organization })));
        var keyActors = new List<Actor>();
        foreach (var role in ApiKey.Roles)
        {
            var (key, _) = await TestOrganizations.CreateApiKeyAsync(admin, alpha.Organization, role, $"Alpha {role} client {tag}");
            keyActors.Add(new Actor($"{role} key", null, role, new HashSet<Guid> { alpha.Organization }, key));
        }
        var (bravoKey, _) = await TestOrganizations.CreateApiKeyAsync(admin, bravo.Organization, Roles.Member, $"Bravo client {tag}");
        keyActors.Add(new Actor("another organization's key", null, null, new HashSet<Guid> { bravo.Organization }, bravoKey));
        return new MatrixWorld(admin, alpha, bravo, actors, keyActors);
    }

    private static async Task<TenantRows> CreateTenantAsync(string admin, string slug, string label, string tag, (Guid, string)[] members)
    {
        var target = await TestOrganizations.CreateUserAsync(admin, $"{slug}-target", $"{label} target {tag}");
        var organization = await TestOrganizations.CreateAsync(admin, slug, [.. members, (target, Roles.Viewer)]);
        var project = await TestOrganizations.CreateProjectAsync(admin, organization, $"{label} project {tag}", [$"{label} task {tag}"]);
        var task = await TestOrganizations.ScalarAsync<Guid>(admin, "SELECT id FROM tasks WHERE project_id = $1", project);
        var invitation = await TestOrganizations.CreateInvitationAsync(admin, organization, $"{slug}-invitee@example.com", Roles.Viewer);
        var apiKey = (await TestOrganizations.CreateApiKeyAsync(admin, organization, Roles.Member, $"{label} key {tag}")).Id;
        return new TenantRows(organization, slug, project, task, target, invitation, apiKey);
    }

    /// <summary><paramref name="count"/> new projects of alpha, each with one task, in one statement.</summary>
    public async Task<(Guid Project, Guid Task)[]> FreshProjectsAsync(int count)
    {
        var rows = await QueryAsync("""
            WITH p AS (INSERT INTO projects (organization_id, name)
                       SELECT $1, 'Alpha fresh project ' || i FROM generate_series(1, $2) i RETURNING id)
            INSERT INTO tasks (organization_id, project_id, title) SELECT $1, id, 'Alpha fresh task' FROM p RETURNING project_id, id
            """, Alpha.Organization, count);
        return rows.Select(r => ((Guid)r[0]!, (Guid)r[1]!)).ToArray();
    }

    /// <summary><paramref name="count"/> new viewers of alpha (users of their own), in one statement.</summary>
    public async Task<Guid[]> FreshMembersAsync(int count)
    {
        var rows = await QueryAsync("""
            WITH u AS (INSERT INTO users (issuer, subject, email, name)
                       SELECT 'test', $2 || '-' || i, $2 || '-' || i || '@example.com', 'Alpha fresh member ' || i
                       FROM generate_series(1, $3) i RETURNING id)
            INSERT INTO organization_members (organization_id, user_id, role) SELECT $1, id, 'viewer' FROM u RETURNING user_id
            """, Alpha.Organization, $"{Alpha.Slug}-fresh-{Guid.NewGuid():N}", count);
        return rows.Select(r => (Guid)r[0]!).ToArray();
    }

    /// <summary><paramref name="count"/> new open invitations of alpha, in one statement.</summary>
    public async Task<Guid[]> FreshInvitationsAsync(int count)
    {
        var rows = await QueryAsync("""
            INSERT INTO invitations (organization_id, email, role, expires_at)
            SELECT $1, $2 || '-' || i || '@example.com', 'viewer', now() + interval '7 days' FROM generate_series(1, $3) i
            RETURNING id
            """, Alpha.Organization, $"{Alpha.Slug}-fresh-invitee-{Guid.NewGuid():N}", count);
        return rows.Select(r => (Guid)r[0]!).ToArray();
    }

    /// <summary><paramref name="count"/> new active API keys of alpha, in one statement.</summary>
    public async Task<Guid[]> FreshApiKeysAsync(int count)
    {
        var keys = Enumerable.Range(0, count).Select(_ => TenantSite.Auth.ApiKeySecret.Create()).ToArray();
        var rows = await QueryAsync("""
            INSERT INTO api_keys (organization_id, name, role, prefix, secret_hash)
            SELECT $1, 'Alpha fresh key', 'viewer', prefix, hash FROM unnest($2::text[], $3::bytea[]) AS k(prefix, hash)
            RETURNING id
            """, Alpha.Organization, keys.Select(k => k.Prefix).ToArray(), keys.Select(k => k.Hash).ToArray());
        return rows.Select(r => (Guid)r[0]!).ToArray();
    }

    /// <summary>
    /// Everything the matrix must leave as it was: both organizations, all of bravo, and alpha's shared rows and
    /// memberships (only refused requests and reads touch them).
    /// </summary>
    public async Task<string> SnapshotAsync()
    {
        var rows = await QueryAsync("""
            SELECT 'organization ' || id || ' ' || name || ' ' || slug FROM organizations WHERE id = ANY($1)
            UNION ALL SELECT 'project ' || id || ' ' || name FROM projects WHERE organization_id = $2 OR id = $3
            UNION ALL SELECT 'task ' || id || ' ' || title || ' ' || completed FROM tasks WHERE organization_id = $2 OR id = $4
            UNION ALL SELECT 'member ' || organization_id || ' ' || user_id || ' ' || role FROM organization_members
                      WHERE organization_id = $2 OR user_id = ANY($5)
            UNION ALL SELECT 'invitation ' || id || ' ' || email || ' ' || role || ' ' || coalesce(revoked_at::text, 'open')
                      FROM invitations WHERE organization_id = $2 OR id = $6
            UNION ALL SELECT 'api key ' || id || ' ' || name || ' ' || role || ' ' || coalesce(revoked_at::text, 'active')
                      FROM api_keys WHERE organization_id = $2 OR id = $7
            ORDER BY 1
            """, new[] { Alpha.Organization, Bravo.Organization }, Bravo.Organization, Alpha.Project, Alpha.Task,
            Actors.Where(a => a.Role is not null).Select(a => a.UserId!.Value).Append(Alpha.Member).ToArray(), Alpha.Invitation, Alpha.ApiKey);
        return string.Join("\n", rows.Select(r => (string)r[0]!));
    }

    /// <summary>Every organization's names (its own, its projects', tasks', members' and API keys'), to look for in answers.</summary>
    public async Task<NameBook> NamesAsync()
    {
        var names = await QueryAsync("""
            SELECT id, name FROM organizations
            UNION ALL SELECT organization_id, name FROM projects
            UNION ALL SELECT organization_id, title FROM tasks
            UNION ALL SELECT m.organization_id, u.name FROM organization_members m JOIN users u ON u.id = m.user_id WHERE u.name IS NOT NULL
            UNION ALL SELECT m.organization_id, u.email FROM organization_members m JOIN users u ON u.id = m.user_id WHERE u.email IS NOT NULL
            UNION ALL SELECT organization_id, email FROM invitations
            UNION ALL SELECT organization_id, name FROM api_keys
            UNION ALL SELECT organization_id, prefix FROM api_keys
            """);
        var slugs = await QueryAsync("SELECT id, slug FROM organizations");
        return new NameBook(names.Select(r => ((Guid)r[0]!, (string)r[1]!)).ToArray(), slugs.Select(r => ((Guid)r[0]!, (string)r[1]!)).ToArray());
    }

    private async Task<List<object?[]>> QueryAsync(string sql, params object[] args)
    {
        var source = AdminSources.For(_admin);
        await using var connection = await source.OpenConnectionAsync();
        return await Sql.ReadAsync(connection, sql, args);
    }
}
