using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantSite.Data;
using TenantSite.Data.Entities;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The KeepOneOwner constraint trigger alone, as the runtime role: the database refuses to leave an existing
/// organization without an owner, checks at commit, holds when two owners take each other's ownership away at once, and
/// still lets an organization be deleted with its members.
/// </summary>
public sealed class KeepOneOwnerShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DemoData Demo => app.Demo;
    private NpgsqlDataSource Runtime => app.RuntimeDataSource;

    [Theory]
    [InlineData("UPDATE organization_members SET role = 'admin' WHERE user_id = $1")]
    [InlineData("DELETE FROM organization_members WHERE user_id = $1")]
    public async Task RefuseToDemoteOrRemoveTheOnlyOwner(string sql)
    {
        var org = await NewOrganizationAsync((Demo.Alice, Roles.Owner), (Demo.Bob, Roles.Member));

        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.QueryAsync(Runtime, org, Demo.Alice, sql, Demo.Alice));

        Assert.True(error.IsLastOwnerViolation(), error.Message);
        Assert.Equal(Roles.Owner, await RoleAsync(org, Demo.Alice));
    }

    [Fact]
    public async Task CheckAtCommitSoOwnershipCanBeHandedOverInEitherOrder()
    {
        var org = await NewOrganizationAsync((Demo.Alice, Roles.Owner), (Demo.Bob, Roles.Member));
        await using var connection = await Runtime.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var tx = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await Sql.SetTenantAsync(connection, org, Demo.Alice);

        await Sql.ReadAsync(connection, "UPDATE organization_members SET role = 'admin' WHERE user_id = $1", Demo.Alice);
        await Sql.ReadAsync(connection, "UPDATE organization_members SET role = 'owner' WHERE user_id = $1", Demo.Bob);
        await tx.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Roles.Admin, await RoleAsync(org, Demo.Alice));
        Assert.Equal(Roles.Owner, await RoleAsync(org, Demo.Bob));
    }

    // Two owners take each other's ownership away at once: each transaction alone leaves an owner, both together none.
    // Alice's check runs with SET CONSTRAINTS … IMMEDIATE, as her COMMIT would run it, so that Bob's COMMIT can run in
    // the window between her check and her commit, where two concurrent commits race.
    [Theory]
    [InlineData("UPDATE organization_members SET role = 'admin' WHERE user_id = $1")]
    [InlineData("DELETE FROM organization_members WHERE user_id = $1")]
    public async Task KeepAnOwnerWhenTwoOwnersDemoteOrRemoveEachOtherAtOnce(string sql)
    {
        var org = await NewOrganizationAsync((Demo.Alice, Roles.Owner), (Demo.Bob, Roles.Owner));
        await using var alice = await Runtime.OpenConnectionAsync(Ct);
        await using var bob = await Runtime.OpenConnectionAsync(Ct);
        await using var aliceTx = await alice.BeginTransactionAsync(Ct);
        await using var bobTx = await bob.BeginTransactionAsync(Ct);
        await Sql.SetTenantAsync(alice, org, Demo.Alice);
        await Sql.SetTenantAsync(bob, org, Demo.Bob);
        await Sql.ReadAsync(alice, sql, Demo.Bob);
        await Sql.ReadAsync(bob, sql, Demo.Alice);

        await Sql.ReadAsync(alice, "SET CONSTRAINTS ALL IMMEDIATE");
        var bobCommits = bobTx.CommitAsync(Ct);
        var bobWaited = await LockWaits.UntilWaitingAsync(app.AdminConnectionString, bobCommits, bob.ProcessID);
        await aliceTx.CommitAsync(Ct);
        var bobError = await Record.ExceptionAsync(() => bobCommits);

        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE organization_id = $1 AND role = 'owner'", org));
        Assert.Equal(Roles.Owner, await RoleAsync(org, Demo.Alice));
        Assert.True(bobWaited, "Bob's commit did not wait for Alice's");
        Assert.True(bobError?.IsLastOwnerViolation() == true, bobError?.ToString() ?? "Bob's commit went through");
    }

    [Fact]
    public async Task LetAnOwnerLeaveWhenAnotherOwnerRemains()
    {
        var org = await NewOrganizationAsync((Demo.Alice, Roles.Owner), (Demo.Bob, Roles.Owner));

        await Sql.QueryAsync(Runtime, org, Demo.Alice, "DELETE FROM organization_members WHERE user_id = $1", Demo.Alice);

        Assert.Equal(1L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE organization_id = $1", org));
    }

    [Fact]
    public async Task StillDeleteAnOrganizationTogetherWithItsOwners()
    {
        var org = await NewOrganizationAsync((Demo.Alice, Roles.Owner), (Demo.Bob, Roles.Owner));

        var deleted = await Sql.QueryAsync(Runtime, org, Demo.Alice, "DELETE FROM organizations WHERE id = $1 RETURNING id", org);

        Assert.Single(deleted);
        Assert.Equal(0L, await TestOrganizations.ScalarAsync<long>(app.AdminConnectionString,
            "SELECT count(*) FROM organization_members WHERE organization_id = $1", org));
    }

    [Fact]
    public async Task SurfaceThroughEfCoreAsALastOwnerViolation()
    {
        var org = await NewOrganizationAsync((Demo.Alice, Roles.Owner));
        await using var scoped = new ScopedContext(app.Postgres.Runtime(app.Database), org, Demo.Alice);
        var owner = await scoped.Db.Members.SingleAsync(TestContext.Current.CancellationToken);
        owner.Role = Roles.Viewer;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => scoped.Db.SaveChangesAsync(TestContext.Current.CancellationToken));

        Assert.True(error.IsLastOwnerViolation(), error.ToString());
    }

    private Task<Guid> NewOrganizationAsync(params (Guid, string)[] members) =>
        TestOrganizations.CreateAsync(app.AdminConnectionString, TestOrganizations.NewSlug("owner"), members);

    private Task<string> RoleAsync(Guid org, Guid user) => TestOrganizations.ScalarAsync<string>(app.AdminConnectionString,
        "SELECT role FROM organization_members WHERE organization_id = $1 AND user_id = $2", org, user);
}
