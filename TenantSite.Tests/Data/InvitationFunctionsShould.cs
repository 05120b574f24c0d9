using Npgsql;
using TenantSite.Cli;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The invitee's two doors, tenantsite_pending_invitations and tenantsite_answer_invitation, as the app calls them: as
/// the runtime role, with only the signed-in user handed over. They match the verified email stored at sign-in and
/// never say why an invitation cannot be answered.
/// </summary>
public sealed class InvitationFunctionsShould(PostgresServer postgres) : IAsyncLifetime
{
    private string _database = "";
    private string Admin => postgres.Admin(_database);

    public async ValueTask InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task ListTheOpenUnexpiredInvitationsForTheUsersVerifiedEmailInEveryOrganization()
    {
        var ann = await SignedInAsync("ann", name: "Ann Inviter");
        var dana = await SignedInAsync("dana");
        var (first, second, expired, revoked, accepted, other) =
            (await OrgAsync(ann), await OrgAsync(ann), await OrgAsync(ann), await OrgAsync(ann), await OrgAsync(ann), await OrgAsync(ann));
        var invited = await TestOrganizations.CreateInvitationAsync(Admin, first, "Dana@Example.com", Roles.Admin, ann);
        await TestOrganizations.CreateInvitationAsync(Admin, second, "dana@example.com", Roles.Viewer);
        await TestOrganizations.CreateInvitationAsync(Admin, expired, "dana@example.com", Roles.Member, ann, TimeSpan.FromSeconds(-1));
        await Close(await TestOrganizations.CreateInvitationAsync(Admin, revoked, "dana@example.com", Roles.Member), "revoked_at");
        await Close(await TestOrganizations.CreateInvitationAsync(Admin, accepted, "dana@example.com", Roles.Member), "accepted_at");
        await TestOrganizations.CreateInvitationAsync(Admin, other, "someone@example.com", Roles.Member, ann);

        var pending = await PendingAsync(dana);

        Assert.Equal([$"Org {await SlugAsync(first)}|admin|Ann Inviter", $"Org {await SlugAsync(second)}|viewer|"],
            pending.Select(p => $"{p.OrganizationName}|{p.Role}|{p.InvitedBy}"));
        Assert.Equal(invited, pending[0].InvitationId);
        Assert.InRange(pending[0].ExpiresAt, DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7));
    }

    [Fact]
    public async Task AcceptJoinsWithTheInvitedRoleOnlyOnce()
    {
        var (dana, org, invitation) = await InvitedAsync(Roles.Viewer);

        var answer = await AnswerAsync(dana, invitation, accept: true);

        Assert.Equal(new InvitationAnswer(await SlugAsync(org), $"Org {await SlugAsync(org)}", Roles.Viewer, Joined: true), answer);
        Assert.Equal(Roles.Viewer, await RoleAsync(org, dana));
        Assert.Equal(dana, await ScalarAsync<Guid>("SELECT accepted_by FROM invitations WHERE id = $1", invitation));
        Assert.Null(await AnswerAsync(dana, invitation, accept: true));
        Assert.Empty(await PendingAsync(dana));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM organization_members WHERE user_id = $1", dana));
    }

    [Fact]
    public async Task DeclineAnswersWithoutJoiningAndForGood()
    {
        var (dana, org, invitation) = await InvitedAsync(Roles.Admin);

        var answer = await AnswerAsync(dana, invitation, accept: false);

        Assert.Equal(new InvitationAnswer(await SlugAsync(org), $"Org {await SlugAsync(org)}", null, Joined: false), answer);
        Assert.Null(await RoleAsync(org, dana));
        Assert.True(await ScalarAsync<bool>("SELECT declined_at IS NOT NULL FROM invitations WHERE id = $1", invitation));
        Assert.Null(await AnswerAsync(dana, invitation, accept: true));
        Assert.Null(await RoleAsync(org, dana));
    }

    [Fact]
    public async Task AnswerSomeoneElsesInvitationExactlyLikeOneThatDoesNotExist()
    {
        var eve = await SignedInAsync("eve");
        var org = await OrgAsync(await SignedInAsync("ann"));
        var invitation = await TestOrganizations.CreateInvitationAsync(Admin, org, "dana@example.com", Roles.Owner);

        Assert.Null(await AnswerAsync(eve, invitation, accept: true));
        Assert.Null(await AnswerAsync(eve, invitation, accept: false));
        Assert.Null(await AnswerAsync(eve, Guid.NewGuid(), accept: true));
        Assert.Null(await RoleAsync(org, eve));
        Assert.True(await ScalarAsync<bool>("SELECT accepted_at IS NULL AND declined_at IS NULL FROM invitations WHERE id = $1", invitation));
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("revoked")]
    public async Task AnswerNoInvitationThatExpiredOrWasRevoked(string state)
    {
        var dana = await SignedInAsync("dana");
        var org = await OrgAsync(await SignedInAsync("ann"));
        var invitation = await TestOrganizations.CreateInvitationAsync(Admin, org, "dana@example.com", Roles.Member,
            expiresIn: state == "expired" ? TimeSpan.FromSeconds(-1) : null);
        if (state == "revoked") await Close(invitation, "revoked_at");

        Assert.Empty(await PendingAsync(dana));
        Assert.Null(await AnswerAsync(dana, invitation, accept: true));
        Assert.Null(await RoleAsync(org, dana));
    }

    [Fact]
    public async Task MatchNothingForAnEmailTheProviderDidNotVouchFor()
    {
        var (dana, org, invitation) = await InvitedAsync(Roles.Member, emailVerified: false);

        Assert.Empty(await PendingAsync(dana));
        Assert.Null(await AnswerAsync(dana, invitation, accept: true));
        Assert.Null(await RoleAsync(org, dana));
    }

    [Fact]
    public async Task KeepAMembersRoleWhenTheyAcceptAnotherInvitation()
    {
        var dana = await SignedInAsync("dana");
        var org = await OrgAsync(dana);
        var invitation = await TestOrganizations.CreateInvitationAsync(Admin, org, "dana@example.com", Roles.Viewer);

        var answer = await AnswerAsync(dana, invitation, accept: true);

        Assert.Equal((Roles.Owner, false), (answer!.MemberRole, answer.Joined));
        Assert.Equal(Roles.Owner, await RoleAsync(org, dana));
        Assert.Empty(await PendingAsync(dana));
    }

    // FORCE binds the owner too: the functions must reach the invitations of every organization through the invitee_read
    // policy alone. Every test database is migrated by an ordinary owner (PostgresServer); this one lacks even
    // CREATEROLE, as when an administrator made the runtime role beforehand.
    [Fact]
    public async Task WorkWhenTheTablesOwnerIsAnOrdinaryRole()
    {
        var ct = TestContext.Current.CancellationToken;
        var owner = $"owner_{Guid.NewGuid():N}"[..20];
        await using (var superuser = NpgsqlDataSource.Create(postgres.Admin("postgres")))
        {
            await PostgresServer.Exec(superuser, $"CREATE ROLE {owner} LOGIN NOSUPERUSER NOBYPASSRLS");
            await PostgresServer.Exec(superuser, $"CREATE DATABASE {owner} OWNER {owner}");
        }
        var ownerConnection = new NpgsqlConnectionStringBuilder(postgres.Admin(owner)) { Username = owner }.ConnectionString;
        await MigrateCommand.RunAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:TenantSiteAdmin"] = ownerConnection,
            ["ConnectionStrings:TenantSite"] = postgres.Runtime(owner),
        }).Build(), NullLogger.Instance, ct);
        _database = owner;
        var (dana, org, invitation) = await InvitedAsync(Roles.Member);

        Assert.Equal([invitation], (await PendingAsync(dana)).Select(p => p.InvitationId));
        Assert.True((await AnswerAsync(dana, invitation, accept: true))!.Joined);
        Assert.Equal(Roles.Member, await RoleAsync(org, dana));
    }

    // A user as sign-in provisions one: login@example.com, vouched for unless said otherwise.
    private async Task<Guid> SignedInAsync(string login, bool emailVerified = true, string? name = null)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, null);
        return await runtime.Db.UpsertUserAsync("test", login, $"{login}@example.com", name ?? login, emailVerified,
            TestContext.Current.CancellationToken);
    }

    // Dana, invited by email to a new organization of Ann's.
    private async Task<(Guid Dana, Guid Org, Guid Invitation)> InvitedAsync(string role, bool emailVerified = true)
    {
        var dana = await SignedInAsync("dana", emailVerified);
        var org = await OrgAsync(await SignedInAsync("ann"));
        return (dana, org, await TestOrganizations.CreateInvitationAsync(Admin, org, "dana@example.com", role));
    }

    private Task<Guid> OrgAsync(Guid owner) =>
        TestOrganizations.CreateAsync(Admin, TestOrganizations.NewSlug("inv"), (owner, Roles.Owner));

    private async Task<IReadOnlyList<PendingInvitation>> PendingAsync(Guid user)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, user);
        return await runtime.Db.PendingInvitationsAsync(TestContext.Current.CancellationToken);
    }

    private async Task<InvitationAnswer?> AnswerAsync(Guid user, Guid invitation, bool accept)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, user);
        return await runtime.Db.AnswerInvitationAsync(invitation, accept, TestContext.Current.CancellationToken);
    }

    private Task Close(Guid invitation, string column) =>
        ScalarAsync<Guid>($"UPDATE invitations SET {column} = now() WHERE id = $1 RETURNING id", invitation);

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
