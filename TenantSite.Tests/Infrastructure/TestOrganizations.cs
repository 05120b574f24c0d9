using Npgsql;

namespace TenantSite.Tests.Infrastructure;

/// <summary>
/// Throwaway organizations, users and projects written as the superuser, for tests that change memberships, slugs or
/// whole organizations: each test makes its own, so tests sharing a class database never depend on their order.
/// </summary>
public static class TestOrganizations
{
    /// <summary>A fresh slug no other test uses ("t-members-3f2a9c").</summary>
    public static string NewSlug(string prefix) => $"t-{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 10, 63)];

    /// <summary>
    /// Creates an organization with these members; returns its id. On the enterprise plan, whose limits no test reaches:
    /// tests of the limits choose a plan with <see cref="CreateOnPlanAsync"/>.
    /// </summary>
    public static Task<Guid> CreateAsync(string adminConnectionString, string slug, params (Guid User, string Role)[] members) =>
        CreateOnPlanAsync(adminConnectionString, slug, TenantSite.Data.Entities.Plans.Enterprise, members);

    /// <summary>Creates an organization on <paramref name="plan"/> with these members; returns its id.</summary>
    public static async Task<Guid> CreateOnPlanAsync(string adminConnectionString, string slug, string plan,
        params (Guid User, string Role)[] members)
    {
        var source = AdminSources.For(adminConnectionString);
        var id = await ScalarAsync(source, "INSERT INTO organizations (name, slug, plan) VALUES ($1, $2, $3) RETURNING id",
            $"Org {slug}", slug, plan);
        foreach (var (user, role) in members)
            await ScalarAsync(source, "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, $3) RETURNING user_id",
                id, user, role);
        return id;
    }

    /// <summary>Creates a user as sign-in would (issuer, subject, email); returns users.id.</summary>
    public static async Task<Guid> CreateUserAsync(string adminConnectionString, string login, string? name = null)
    {
        var source = AdminSources.For(adminConnectionString);
        return await ScalarAsync(source, "INSERT INTO users (issuer, subject, email, name) VALUES ('test', $1, $2, $3) RETURNING id",
            login, $"{login}@example.com", (object?)name ?? DBNull.Value);
    }

    /// <summary>Creates a project with these tasks (the first <paramref name="done"/> of them completed); returns its id.</summary>
    public static async Task<Guid> CreateProjectAsync(string adminConnectionString, Guid organization, string name, string[] tasks, int done = 0)
    {
        var source = AdminSources.For(adminConnectionString);
        var project = await ScalarAsync(source, "INSERT INTO projects (organization_id, name) VALUES ($1, $2) RETURNING id", organization, name);
        for (var i = 0; i < tasks.Length; i++)
        {
            // Distinct created_at values keep the page's order (oldest first) deterministic.
            await ScalarAsync(source,
                "INSERT INTO tasks (organization_id, project_id, title, completed, created_at) " +
                "VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING id",
                organization, project, tasks[i], i < done, (double)i);
        }
        return project;
    }

    /// <summary>
    /// Opens an invitation of <paramref name="email"/> (stored lower-cased) to <paramref name="organization"/>, expiring
    /// in <paramref name="expiresIn"/> (default: 7 days; negative: already expired); returns its id.
    /// </summary>
    public static async Task<Guid> CreateInvitationAsync(string adminConnectionString, Guid organization, string email, string role,
        Guid? invitedBy = null, TimeSpan? expiresIn = null)
    {
        var source = AdminSources.For(adminConnectionString);
        return await ScalarAsync(source,
            "INSERT INTO invitations (organization_id, email, role, invited_by, expires_at) " +
            "VALUES ($1, lower($2), $3, $4, now() + make_interval(secs => $5)) RETURNING id",
            organization, email, role, (object?)invitedBy ?? DBNull.Value, (expiresIn ?? TimeSpan.FromDays(7)).TotalSeconds);
    }

    /// <summary>
    /// Creates an open invitation with a link as the members page does (only the token's hash stored); returns its id
    /// and the token of its link (<c>/join/{slug}/{token}</c>).
    /// </summary>
    public static async Task<(Guid Id, string Token)> CreateInvitationLinkAsync(string adminConnectionString, Guid organization,
        string email, string role, Guid? invitedBy = null, TimeSpan? expiresIn = null)
    {
        var (token, hash) = TenantSite.Invitations.InvitationToken.Create();
        var source = AdminSources.For(adminConnectionString);
        var id = await ScalarAsync(source,
            "INSERT INTO invitations (organization_id, email, role, invited_by, expires_at, token_hash, last_sent_at) " +
            "VALUES ($1, lower($2), $3, $4, now() + make_interval(secs => $5), $6, now()) RETURNING id",
            organization, email, role, (object?)invitedBy ?? DBNull.Value, (expiresIn ?? TimeSpan.FromDays(7)).TotalSeconds, hash);
        return (id, token);
    }

    /// <summary>
    /// Creates an API key of <paramref name="organization"/> with <paramref name="role"/> as the settings page does (only
    /// its hash and prefix stored), revoked <paramref name="revokedAgo"/> ago if given; returns the full key and its id.
    /// </summary>
    public static async Task<(string Key, Guid Id)> CreateApiKeyAsync(string adminConnectionString, Guid organization, string role,
        string name = "test key", Guid? createdBy = null, TimeSpan? revokedAgo = null)
    {
        var (key, prefix, hash) = TenantSite.Auth.ApiKeySecret.Create();
        var source = AdminSources.For(adminConnectionString);
        var id = await ScalarAsync(source,
            "INSERT INTO api_keys (organization_id, name, role, prefix, secret_hash, created_by, revoked_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(secs => $7)) RETURNING id",
            organization, name, role, prefix, hash, (object?)createdBy ?? DBNull.Value,
            revokedAgo is { } ago ? ago.TotalSeconds : (object)DBNull.Value);
        return (key, id);
    }

    /// <summary>One value read as the superuser.</summary>
    public static async Task<T> ScalarAsync<T>(string adminConnectionString, string sql, params object[] args)
    {
        var source = AdminSources.For(adminConnectionString);
        await using var command = source.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Guid> ScalarAsync(NpgsqlDataSource source, string sql, params object[] args)
    {
        await using var command = source.CreateCommand(sql);
        foreach (var arg in args) command.Parameters.Add(new NpgsqlParameter { Value = arg });
        return (Guid)(await command.ExecuteScalarAsync())!;
    }
}
