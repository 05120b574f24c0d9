using Npgsql;
using TenantSite.Data.Entities;
using TenantSite.Tests.Billing;
using TenantSite.Tests.Infrastructure;

namespace TenantSite.Tests.Data;

/// <summary>
/// The database holds every organization to its plan however a row is written: as the runtime role in the tenant, with
/// no page in front. A project or member beyond the limit, and a plan smaller than what is in use, are refused.
/// </summary>
public sealed class PlanLimitTriggersShould(SharedApp shared) : IClassFixture<SharedApp>
{
    private readonly TenantSiteFactory app = shared.App;

    [Fact]
    public async Task RefuseAProjectBeyondThePlan()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 3);

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            AsRuntimeAsync(org, "INSERT INTO projects (organization_id, name) VALUES ($1, 'Fourth')", org.Id));

        Assert.Equal(("23514", "tr_projects_plan_limit"), (error.SqlState, error.ConstraintName));
        Assert.Equal($"Org {org.Slug} has 3 projects, as many as the free plan allows.", error.MessageText);
        Assert.Equal(3, await org.ProjectCountAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task RefuseAMemberBeyondThePlan()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Free, projects: 0, members: 5);
        var sixth = await TestOrganizations.CreateUserAsync(app.AdminConnectionString, $"{org.Slug}-sixth");

        var error = await Assert.ThrowsAsync<PostgresException>(() => AsRuntimeAsync(org,
            "INSERT INTO organization_members (organization_id, user_id, role) VALUES ($1, $2, 'member')", org.Id, sixth));

        Assert.Equal(("23514", "tr_organization_members_plan_limit"), (error.SqlState, error.ConstraintName));
        Assert.Equal(5, await org.MemberCountAsync(app.AdminConnectionString));
    }

    [Theory]
    [InlineData(4, 1, "has 4 projects; free allows 3.")]
    [InlineData(0, 6, "has 6 members; free allows 5.")]
    public async Task RefuseAPlanSmallerThanWhatIsInUse(int projects, int members, string reason)
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Pro, projects, members);

        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            AsRuntimeAsync(org, "UPDATE organizations SET plan = 'free' WHERE id = $1", org.Id));

        Assert.Equal(("23514", "tr_organizations_plan_limits"), (error.SqlState, error.ConstraintName));
        Assert.Equal($"Org {org.Slug} {reason}", error.MessageText);
        Assert.Equal(Plans.Pro, await org.PlanAsync(app.AdminConnectionString));
    }

    [Fact]
    public async Task AllowAPlanThatFitsAndNoLimitOnEnterprise()
    {
        var org = await PlannedOrganization.CreateAsync(app.AdminConnectionString, Plans.Pro, projects: 3);

        await AsRuntimeAsync(org, "UPDATE organizations SET plan = 'free' WHERE id = $1", org.Id);
        await AsRuntimeAsync(org, "UPDATE organizations SET plan = 'enterprise' WHERE id = $1", org.Id);
        await AsRuntimeAsync(org, "INSERT INTO projects (organization_id, name) SELECT $1, 'Bulk ' || g FROM generate_series(1, 60) g", org.Id);

        Assert.Equal(63, await org.ProjectCountAsync(app.AdminConnectionString));
    }

    private async Task AsRuntimeAsync(PlannedOrganization org, string sql, params object[] args) =>
        await Sql.QueryAsync(app.RuntimeDataSource, org.Id, org.Owner, sql, args);
}
