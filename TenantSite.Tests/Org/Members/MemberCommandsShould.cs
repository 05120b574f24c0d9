using TenantSite.Infrastructure;
using TenantSite.Data.Entities;
using TenantSite.Org;
using TenantSite.Org.Members;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Org.Members;

/// <summary>
/// The role change and the removal themselves, against the real database: what the members page cannot reach on its own
/// (its permission filter answers first) or does not show. The page's tests prove the rest (Pages/Org/Members/IndexShould).
/// </summary>
public sealed class MemberCommandsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefuseRoleChangesAndRemovalsWithoutManageMembers()
    {
        var org = await NewOrganizationAsync((app.Demo.Bob, Roles.Member), (app.Demo.Carol, Roles.Viewer));
        await using var bob = await MemberScope.EnterAsync(app, org, app.Demo.Bob);

        var change = await bob.Get<ChangeRole.Handler>().HandleAsync(new ChangeRole(app.Demo.Carol, Roles.Admin, Roles.Viewer), Ct);
        var remove = await bob.Get<RemoveMember.Handler>().HandleAsync(new RemoveMember(app.Demo.Carol, Roles.Viewer), Ct);
        var leave = await bob.Get<RemoveMember.Handler>().HandleAsync(new RemoveMember(app.Demo.Bob, Roles.Member), Ct);

        Assert.All([change.Refused, remove.Refused, leave.Refused], refused => Assert.Equal(Refusal.Forbidden, refused?.Kind));
        Assert.Equal(["alice:owner", "bob:member", "carol:viewer"], await MembersAsync(org));
    }

    // Someone who is no member here (of another organization, or of none) gets the same answer whatever else is wrong.
    [Fact]
    public async Task AnswerNotFoundForSomeoneWhoIsNoMemberHereBeforeJudgingTheRest()
    {
        var org = await NewOrganizationAsync();
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);

        var change = await alice.Get<ChangeRole.Handler>().HandleAsync(new ChangeRole(app.Demo.Carol, "superuser", null), Ct);
        var remove = await alice.Get<RemoveMember.Handler>().HandleAsync(new RemoveMember(app.Demo.Carol, null), Ct);

        Assert.Equal(Refusal.NotFound, change.Refused?.Kind);
        Assert.Equal(Refusal.NotFound, remove.Refused?.Kind);
    }

    [Fact]
    public async Task LetAnAdminLeaveButNeverTheLastOwner()
    {
        var org = await NewOrganizationAsync((app.Demo.Bob, Roles.Admin));
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);
        await using var bob = await MemberScope.EnterAsync(app, org, app.Demo.Bob);

        var ownerLeaves = await alice.Get<RemoveMember.Handler>().HandleAsync(new RemoveMember(app.Demo.Alice, Roles.Owner), Ct);
        var adminLeaves = await bob.Get<RemoveMember.Handler>().HandleAsync(new RemoveMember(app.Demo.Bob, Roles.Admin), Ct);

        Assert.Equal((Refusal.Conflict, MemberRules.LastOwnerMessage), (ownerLeaves.Refused?.Kind, ownerLeaves.Refused?.Message));
        Assert.Equal("Bob Brown", adminLeaves.Value.User!.DisplayName);
        Assert.Equal(["alice:owner"], await MembersAsync(org));
    }

    // A fresh organization owned by Alice, with these other members.
    private Task<Guid> NewOrganizationAsync(params (Guid, string)[] others) =>
        TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("members"), [(app.Demo.Alice, Roles.Owner), .. others]);

    private Task<string[]> MembersAsync(Guid org) => TestOrganizations.ScalarAsync<string[]>(app.AdminConnectionString,
        "SELECT array_agg(u.subject || ':' || m.role ORDER BY u.subject) FROM organization_members m JOIN users u ON u.id = m.user_id " +
        "WHERE m.organization_id = $1", org);
}
