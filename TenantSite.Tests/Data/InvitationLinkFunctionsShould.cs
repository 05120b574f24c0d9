using Npgsql;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Invitations;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The link's two doors, tenantsite_invitation_link and tenantsite_answer_invitation_link, as the app calls them: as the
/// runtime role, with only the signed-in user (if any) handed over. The token's hash is the credential, any account may
/// answer, once; to the runtime role itself, invitations stay per tenant whatever it sets.
/// </summary>
public sealed class InvitationLinkFunctionsShould(PostgresServer postgres) : IAsyncLifetime
{
    private string _database = "";
    private string Admin => postgres.Admin(_database);

    public async ValueTask InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ShowTheInvitationOfAKnownTokenToAnyoneAndNothingForAnUnknownOne()
    {
        var (org, _, hash) = await InvitedAsync(Roles.Admin);

        var shown = await LinkAsync(null, hash);

        Assert.Equal((await SlugAsync(org), "dana@example.com", Roles.Admin, "Ann Inviter", "open", false),
            (shown!.OrganizationSlug, shown.Email, shown.Role, shown.InvitedBy, shown.State, shown.AcceptedByCaller));
        Assert.Null(await LinkAsync(null, InvitationToken.Create().Hash));
    }

    [Fact]
    public async Task JoinAnyAccountOnceAndTellWhoUsedTheLink()
    {
        var (org, _, hash) = await InvitedAsync(Roles.Member);
        var eve = await SignedInAsync("eve");
        var zed = await SignedInAsync("zed");

        var answer = await AnswerAsync(eve, hash, accept: true);

        Assert.Equal((Roles.Member, true), (answer!.MemberRole, answer.Joined));
        Assert.Equal(Roles.Member, await RoleAsync(org, eve));
        Assert.Null(await AnswerAsync(eve, hash, accept: true));
        Assert.Null(await AnswerAsync(zed, hash, accept: true));
        Assert.Null(await RoleAsync(org, zed));
        Assert.Equal(("accepted", true), ((await LinkAsync(eve, hash))!.State, (await LinkAsync(eve, hash))!.AcceptedByCaller));
        Assert.Equal(("accepted", false), ((await LinkAsync(zed, hash))!.State, (await LinkAsync(zed, hash))!.AcceptedByCaller));
    }

    [Fact]
    public async Task LetOnlyOneOfManyConcurrentAcceptsJoin()
    {
        var (org, _, hash) = await InvitedAsync(Roles.Member);
        var users = new List<Guid>();
        for (var i = 0; i < 8; i++) users.Add(await SignedInAsync($"racer{i}"));

        var answers = await Task.WhenAll(users.Select(u => AnswerAsync(u, hash, accept: true)));

        Assert.Single(answers, a => a is not null);
        Assert.Equal(2L, await ScalarAsync<long>("SELECT count(*) FROM organization_members WHERE organization_id = $1", org));
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("revoked")]
    [InlineData("declined")]
    public async Task AnswerNothingForAClosedInvitationAndSayWhy(string state)
    {
        var (org, invitation, hash) = await InvitedAsync(Roles.Member);
        await ScalarAsync<Guid>(state == "expired"
            ? "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1 RETURNING id"
            : $"UPDATE invitations SET {state}_at = now() WHERE id = $1 RETURNING id", invitation);
        var eve = await SignedInAsync("eve");

        Assert.Null(await AnswerAsync(eve, hash, accept: true));
        Assert.Equal(state, (await LinkAsync(eve, hash))!.State);
        Assert.Null(await RoleAsync(org, eve));
    }

    [Fact]
    public async Task RefuseToAnswerWithoutASignedInUser()
    {
        var (_, _, hash) = await InvitedAsync(Roles.Member);
        await using var source = NpgsqlDataSource.Create(postgres.Runtime(_database));
        await using var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT * FROM tenantsite_answer_invitation_link($1, true)", connection) { Parameters = { new() { Value = hash } } };

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));

        Assert.Equal("42501", refused.SqlState);
    }

    // The lookup policy is for the functions' owner alone: the runtime role setting the same value sees nothing.
    [Fact]
    public async Task ShowTheRuntimeRoleNoInvitationByHandingOverAHashItself()
    {
        var (_, _, hash) = await InvitedAsync(Roles.Member);
        await using var source = NpgsqlDataSource.Create(postgres.Runtime(_database));
        await using var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await using (var handOver = new NpgsqlCommand("SELECT set_config('app.invitation_token_hash', encode($1, 'hex'), false)", connection))
        {
            handOver.Parameters.Add(new() { Value = hash });
            await handOver.ExecuteScalarAsync(ct);
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM invitations WHERE token_hash = $1", connection) { Parameters = { new() { Value = hash } } };

        Assert.Equal(0L, await count.ExecuteScalarAsync(ct));
    }

    private async Task<Guid> SignedInAsync(string login, string? name = null)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, null);
        return await runtime.Db.UpsertUserAsync("test", login, $"{login}@example.com", name ?? login, true, TestContext.Current.CancellationToken);
    }

    // An invitation of dana@example.com to a new organization of Ann's, with a link.
    private async Task<(Guid Org, Guid Invitation, byte[] Hash)> InvitedAsync(string role)
    {
        var ann = await SignedInAsync("ann", "Ann Inviter");
        var org = await TestOrganizations.CreateAsync(Admin, TestOrganizations.NewSlug("link"), (ann, Roles.Owner));
        var (id, token) = await TestOrganizations.CreateInvitationLinkAsync(Admin, org, "dana@example.com", role, ann);
        return (org, id, InvitationToken.Hash(token)!);
    }

    private async Task<InvitationLink?> LinkAsync(Guid? user, byte[] hash)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, user);
        return await runtime.Db.InvitationLinkAsync(hash, TestContext.Current.CancellationToken);
    }

    private async Task<InvitationAnswer?> AnswerAsync(Guid user, byte[] hash, bool accept)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, user);
        return await runtime.Db.AnswerInvitationLinkAsync(hash, accept, TestContext.Current.CancellationToken);
    }

    private Task<string> SlugAsync(Guid org) => ScalarAsync<string>("SELECT slug FROM organizations WHERE id = $1", org);

    private async Task<string?> RoleAsync(Guid org, Guid user)
    {
        var source = AdminSources.For(Admin);
        var rows = await Sql.QueryWithoutTenantAsync(source,
            "SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2", org, user);
        return (string?)rows.SingleOrDefault()?[0];
    }

    private Task<T> ScalarAsync<T>(string sql, params object[] args) => TestOrganizations.ScalarAsync<T>(Admin, sql, args);
}
