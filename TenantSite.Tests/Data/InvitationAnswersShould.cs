using Npgsql;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Invitations;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// What both doors do when they answer, by email (tenantsite_answer_invitation) and by link
/// (tenantsite_answer_invitation_link), now that they share one function: each door, called as the app calls it (the
/// runtime role, the signed-in user handed over), for what InvitationFunctionsShould and InvitationLinkFunctionsShould
/// test for one door only or not at all.
/// </summary>
public sealed class InvitationAnswersShould(PostgresServer postgres) : IAsyncLifetime
{
    public const string ByEmail = "email";
    public const string ByLink = "link";
    private string _database = "";
    private string Admin => postgres.Admin(_database);

    public async ValueTask InitializeAsync() => _database = await postgres.CreateDatabaseAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData(ByEmail)]
    [InlineData(ByLink)]
    public async Task RefuseAnAnswerThatIsNeitherAcceptNorDecline(string door)
    {
        var invited = await InviteDanaAsync(Roles.Member);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => AnswerAsync(door, invited, accept: null));

        Assert.Equal(PostgresErrorCodes.NullValueNotAllowed, refused.SqlState);
        Assert.True(await IsOpenAsync(invited));
    }

    [Theory]
    [InlineData(ByEmail)]
    [InlineData(ByLink)]
    public async Task KeepAMembersRoleWhenTheyAccept(string door)
    {
        var invited = await InviteDanaAsync(Roles.Viewer, danaIs: Roles.Admin);

        var (answer, _) = await AnswerAsync(door, invited, accept: true);

        Assert.Equal((Roles.Admin, false), (answer!.MemberRole, answer.Joined));
        Assert.Equal(Roles.Admin, await RoleAsync(invited));
        Assert.Equal(invited.Dana, await ScalarAsync<Guid>("SELECT accepted_by FROM invitations WHERE id = $1", invited.Invitation));
    }

    [Theory]
    [InlineData(ByEmail)]
    [InlineData(ByLink)]
    public async Task DeclineWithoutJoiningAndForGood(string door)
    {
        var invited = await InviteDanaAsync(Roles.Admin);

        var (answer, _) = await AnswerAsync(door, invited, accept: false);

        Assert.Equal(new InvitationAnswer(invited.Slug, $"Org {invited.Slug}", null, Joined: false), answer);
        Assert.True(await ScalarAsync<bool>("SELECT declined_at IS NOT NULL AND accepted_by IS NULL FROM invitations WHERE id = $1",
            invited.Invitation));
        Assert.Null((await AnswerAsync(door, invited, accept: true)).Answer);
        Assert.Null(await RoleAsync(invited));
    }

    // The doors enter the invitation's organization to write, inside the caller's transaction: the caller's own tenant
    // must be there again afterwards, for whatever else that transaction does.
    [Theory]
    [InlineData(ByEmail)]
    [InlineData(ByLink)]
    public async Task GiveTheCallersTenantBackAfterAnswering(string door)
    {
        var invited = await InviteDanaAsync(Roles.Member);
        var callers = Guid.NewGuid();

        var (answer, tenantAfter) = await AnswerAsync(door, invited, accept: true, tenant: callers);

        Assert.True(answer!.Joined);
        Assert.Equal(callers.ToString(), tenantAfter);
    }

    // Each door answers only while the invitation still has the credential the door found it by, checked again by the
    // UPDATE that waited for the row: an email changed, or a link renewed (a resend), meanwhile leaves it unanswered.
    // The other door's credential does not matter to it.
    [Theory]
    [InlineData(ByEmail, "email = 'someone@example.com'", false)]
    [InlineData(ByEmail, "token_hash = sha256(gen_random_uuid()::text::bytea)", true)]
    [InlineData(ByLink, "token_hash = sha256(gen_random_uuid()::text::bytea)", false)]
    [InlineData(ByLink, "email = 'someone@example.com'", true)]
    public async Task AnswerOnlyWhileTheInvitationHasTheCredentialItWasFoundBy(string door, string changeMeanwhile, bool answered)
    {
        var ct = TestContext.Current.CancellationToken;
        var invited = await InviteDanaAsync(Roles.Member);
        var admin = AdminSources.For(Admin);
        await using var connection = await admin.OpenConnectionAsync(ct);
        await using var holder = await connection.BeginTransactionAsync(ct);
        await Sql.ReadAsync(connection, "SELECT 1 FROM invitations WHERE id = $1 FOR UPDATE", invited.Invitation);

        var answering = AnswerAsync(door, invited, accept: true);
        Assert.True(await LockWaits.UntilWaitingAsync(Admin, answering));
        await Sql.ReadAsync(connection, $"UPDATE invitations SET {changeMeanwhile} WHERE id = $1", invited.Invitation);
        await holder.CommitAsync(ct);

        Assert.Equal(answered, (await answering).Answer is not null);
        Assert.Equal(answered ? Roles.Member : null, await RoleAsync(invited));
        Assert.Equal(!answered, await IsOpenAsync(invited));
    }

    [Theory]
    [InlineData(ByEmail)]
    [InlineData(ByLink)]
    public async Task RaiseAndLeaveTheInvitationOpenWhenThePlanIsFull(string door)
    {
        var invited = await InviteDanaAsync(Roles.Member, plan: Plans.Free, othersAlready: 4);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => AnswerAsync(door, invited, accept: true));

        Assert.Equal(("23514", "tr_organization_members_plan_limit"), (refused.SqlState, refused.ConstraintName));
        Assert.True(await IsOpenAsync(invited));
        Assert.Null(await RoleAsync(invited));
    }

    // The block both doors share runs only inside them: the runtime role cannot call it, nor the token lookup.
    [Theory]
    [InlineData("SELECT * FROM tenantsite_answer_found_invitation(gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), true, 'dana@example.com', NULL)")]
    [InlineData("SELECT * FROM tenantsite_find_invitation_by_token('\\x00')")]
    public async Task LeaveTheirSharedFunctionsToThemselves(string call)
    {
        var dana = await SignedInAsync("dana");
        await using var runtime = NpgsqlDataSource.Create(postgres.Runtime(_database));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(runtime, null, dana, call));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private sealed record Invited(Guid Org, string Slug, Guid Invitation, byte[] TokenHash, Guid Dana);

    // dana@example.com invited, with a link, to a new organization of Ann's (and of othersAlready more members), where
    // Dana already has the role danaIs if given.
    private async Task<Invited> InviteDanaAsync(string role, string? danaIs = null, string plan = Plans.Enterprise, int othersAlready = 0)
    {
        var dana = await SignedInAsync("dana");
        var members = new List<(Guid, string)> { (await SignedInAsync("ann", "Ann Inviter"), Roles.Owner) };
        for (var i = 0; i < othersAlready; i++) members.Add((await SignedInAsync($"other{i}"), Roles.Member));
        if (danaIs is not null) members.Add((dana, danaIs));
        var slug = TestOrganizations.NewSlug("answer");
        var org = await TestOrganizations.CreateOnPlanAsync(Admin, slug, plan, [.. members]);
        var (id, token) = await TestOrganizations.CreateInvitationLinkAsync(Admin, org, "dana@example.com", role, members[0].Item1);
        return new(org, slug, id, InvitationToken.Hash(token)!, dana);
    }

    private async Task<Guid> SignedInAsync(string login, string? name = null)
    {
        await using var runtime = new ScopedContext(postgres.Runtime(_database), null, null);
        return await runtime.Db.UpsertUserAsync("test", login, $"{login}@example.com", name ?? login, true, TestContext.Current.CancellationToken);
    }

    // Dana answers through the door in one transaction of the runtime role, with her (and the tenant, if given) handed
    // over as the app does; returns the answer and the tenant setting the transaction has afterwards.
    private async Task<(InvitationAnswer? Answer, string TenantAfter)> AnswerAsync(string door, Invited invited, bool? accept,
        Guid? tenant = null)
    {
        await using var source = NpgsqlDataSource.Create(postgres.Runtime(_database));
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Sql.SetTenantAsync(connection, tenant, invited.Dana);
        var rows = door == ByEmail
            ? await Sql.ReadAsync(connection, "SELECT * FROM tenantsite_answer_invitation($1, $2::boolean)", invited.Invitation, (object?)accept ?? DBNull.Value)
            : await Sql.ReadAsync(connection, "SELECT * FROM tenantsite_answer_invitation_link($1, $2::boolean)", invited.TokenHash, (object?)accept ?? DBNull.Value);
        var tenantAfter = (string)(await Sql.ReadAsync(connection, "SELECT current_setting('app.current_org_id', true)")).Single()[0]!;
        await transaction.CommitAsync();
        return (rows.Select(r => new InvitationAnswer((string)r[0]!, (string)r[1]!, (string?)r[2], (bool)r[3]!)).SingleOrDefault(), tenantAfter);
    }

    private Task<bool> IsOpenAsync(Invited invited) => ScalarAsync<bool>(
        "SELECT accepted_at IS NULL AND declined_at IS NULL AND accepted_by IS NULL FROM invitations WHERE id = $1", invited.Invitation);

    private async Task<string?> RoleAsync(Invited invited)
    {
        var source = AdminSources.For(Admin);
        var rows = await Sql.QueryWithoutTenantAsync(source,
            "SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2", invited.Org, invited.Dana);
        return (string?)rows.SingleOrDefault()?[0];
    }

    private Task<T> ScalarAsync<T>(string sql, params object[] args) => TestOrganizations.ScalarAsync<T>(Admin, sql, args);
}
