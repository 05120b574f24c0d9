using TenantSite.Infrastructure;
using TenantSite.Data.Entities;
using TenantSite.Org;
using TenantSite.Org.Members;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Org.Members;

/// <summary>
/// Inviting, resending and revoking themselves, against the real database: what the members page cannot reach on its own
/// (its permission filter and the input check answer first) or does not show. The page's tests prove the rest
/// (Pages/Org/Members/IndexInvitationsShould).
/// </summary>
public sealed class InvitationCommandsShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefuseEveryInvitationWriteWithoutManageMembers()
    {
        var org = await NewOrganizationAsync((app.Demo.Bob, Roles.Member));
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Viewer);
        await using var bob = await MemberScope.EnterAsync(app, org, app.Demo.Bob);

        var refusals = new[]
        {
            (await bob.Get<InviteMember.Handler>().HandleAsync(new InviteMember("erin@example.com", Roles.Viewer), Ct)).Refused,
            (await bob.Get<ResendInvitation.Handler>().HandleAsync(new ResendInvitation(invitation), Ct)).Refused,
            (await bob.Get<RevokeInvitation.Handler>().HandleAsync(new RevokeInvitation(invitation), Ct)).Refused,
        };

        Assert.All(refusals, refused => Assert.Equal(Refusal.Forbidden, refused?.Kind));
        Assert.Equal(["dana@example.com"], await OpenInvitationsAsync(org));
        Assert.True(await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString,
            "SELECT token_hash IS NULL FROM invitations WHERE id = $1", invitation));
    }

    // A NUL PostgreSQL would refuse, a CRLF that would smuggle a header into an email: forms never get here with them
    // (the input check), any other caller does.
    [Theory]
    [InlineData("dana\u0000@example.com")]
    [InlineData("dana@example.com\r\nBcc: eve@example.com")]
    public async Task RefuseAnAddressWithAControlCharacter(string email)
    {
        var org = await NewOrganizationAsync();
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);

        var result = await alice.Get<InviteMember.Handler>().HandleAsync(new InviteMember(email, Roles.Member), Ct);

        Assert.Equal([new FieldError(nameof(InviteMember.Email), InvitationRules.InvalidEmail)], result.Refused?.Errors);
        Assert.Empty(await OpenInvitationsAsync(org));
    }

    [Theory]
    [InlineData("revoked_at", "revoked")]
    [InlineData("declined_at", "declined")]
    public async Task SayWhatBecameOfAnInvitationThatCanNoLongerBeResent(string column, string outcome)
    {
        var org = await NewOrganizationAsync();
        var invitation = await TestOrganizations.CreateInvitationAsync(app.AdminConnectionString, org, "dana@example.com", Roles.Viewer);
        await TestOrganizations.ScalarAsync<Guid>(app.AdminConnectionString, $"UPDATE invitations SET {column} = now() WHERE id = $1 RETURNING id", invitation);
        await using var alice = await MemberScope.EnterAsync(app, org, app.Demo.Alice);

        var resent = await alice.Get<ResendInvitation.Handler>().HandleAsync(new ResendInvitation(invitation), Ct);

        Assert.Equal((Refusal.Conflict, $"The invitation for dana@example.com was {outcome} already."), (resent.Refused?.Kind, resent.Refused?.Message));
        Assert.True(await TestOrganizations.ScalarAsync<bool>(app.AdminConnectionString,
            "SELECT token_hash IS NULL FROM invitations WHERE id = $1", invitation));
    }

    // A fresh organization owned by Alice, with these other members.
    private Task<Guid> NewOrganizationAsync(params (Guid, string)[] others) =>
        TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("invitations"), [(app.Demo.Alice, Roles.Owner), .. others]);

    private Task<string[]> OpenInvitationsAsync(Guid org) => TestOrganizations.ScalarAsync<string[]>(app.AdminConnectionString,
        "SELECT coalesce(array_agg(email ORDER BY email), '{}') FROM invitations " +
        "WHERE organization_id = $1 AND accepted_at IS NULL AND declined_at IS NULL AND revoked_at IS NULL", org);
}
