using TenantSite.Infrastructure;
using TenantSite.Data.Entities;
using static TenantSite.Org.Members.MemberRules;

namespace TenantSite.Tests.Org.Members;

/// <summary>The membership rules alone: only owners touch the owner role, and the last owner stays.</summary>
[Trait("Category", Infrastructure.TestCategories.Fast)]
public sealed class MemberRulesShould
{
    [Theory]
    [InlineData(Roles.Owner, Roles.Member, Roles.Owner, 1, Verdict.Allowed)]
    [InlineData(Roles.Owner, Roles.Owner, Roles.Admin, 2, Verdict.Allowed)]
    [InlineData(Roles.Owner, Roles.Owner, Roles.Admin, 1, Verdict.LastOwner)]
    [InlineData(Roles.Owner, Roles.Owner, Roles.Owner, 1, Verdict.Allowed)]
    [InlineData(Roles.Admin, Roles.Member, Roles.Admin, 1, Verdict.Allowed)]
    [InlineData(Roles.Admin, Roles.Admin, Roles.Viewer, 1, Verdict.Allowed)]
    [InlineData(Roles.Admin, Roles.Member, Roles.Owner, 1, Verdict.Forbidden)]
    [InlineData(Roles.Admin, Roles.Owner, Roles.Admin, 2, Verdict.Forbidden)]
    [InlineData(Roles.Member, Roles.Viewer, Roles.Member, 1, Verdict.Forbidden)]
    [InlineData(Roles.Viewer, Roles.Viewer, Roles.Viewer, 1, Verdict.Forbidden)]
    public void DecideRoleChanges(string actor, string current, string next, int owners, Verdict expected) =>
        Assert.Equal(expected, ChangeRole(actor, current, next, owners));

    [Theory]
    [InlineData(Roles.Owner, Roles.Owner, 2, Verdict.Allowed)]
    [InlineData(Roles.Owner, Roles.Owner, 1, Verdict.LastOwner)]
    [InlineData(Roles.Owner, Roles.Viewer, 1, Verdict.Allowed)]
    [InlineData(Roles.Admin, Roles.Owner, 3, Verdict.Forbidden)]
    [InlineData(Roles.Admin, Roles.Admin, 1, Verdict.Allowed)]
    [InlineData(Roles.Member, Roles.Viewer, 1, Verdict.Forbidden)]
    public void DecideRemovals(string actor, string current, int owners, Verdict expected) =>
        Assert.Equal(expected, Remove(actor, current, owners));

    [Fact]
    public void LetOnlyOwnersGrantTheOwnerRole()
    {
        Assert.Equal(Roles.All, Grantable(Roles.Owner));
        Assert.Equal([Roles.Admin, Roles.Member, Roles.Viewer], Grantable(Roles.Admin));
        Assert.Empty(Grantable(Roles.Member));
        Assert.Empty(Grantable(null));
    }

    // Resending is checked by the same rule, in the app and, with MayInviteAs, in the resend's own UPDATE.
    [Fact]
    public void LetOnlyOwnersInviteOrResendAsOwnerAndNobodyWithoutManageMembers()
    {
        Assert.Equal([Roles.Owner], MayInviteAs(Roles.Owner));
        Assert.Equal([Roles.Owner, Roles.Admin], MayInviteAs(Roles.Admin));
        Assert.Equal([Roles.Owner, Roles.Admin], MayInviteAs(Roles.Viewer));
        Assert.False(MayInvite(Roles.Admin, Roles.Owner));
        Assert.False(MayInvite(Roles.Member, Roles.Viewer));
        Assert.True(MayInvite(Roles.Admin, Roles.Member));
    }
}
